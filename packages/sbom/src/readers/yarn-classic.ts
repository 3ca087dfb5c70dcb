import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import { addHash, decodeIntegrity, sha1FromResolvedUrl, warnRejected } from './integrity.js';
import type { ReaderOptions } from './manifest.js';
import { toNpmPackage } from './npm-package.js';
import { unsupportedVersion } from './parse-error.js';
import type { ClassicEntry } from './yarn-classic-parse.js';
import { parseYarnClassic } from './yarn-classic-parse.js';
import { splitYarnSpec } from './yarn-spec.js';
import { manifestRoots, scopeByReachability } from './yarn-roots.js';

/**
 * Reads `yarn.lock` v1 (yarn classic). Entries are keyed by every spec that resolved to them;
 * edges are `dependencies`/`optionalDependencies` looked up by `name@range`. The lockfile does
 * not record the project's own dependencies, so scope and root edges need the manifests
 * (`options.manifests`); without them every package is `required`, with one warning.
 */
export function readYarnClassicLockfile(
  text: string,
  path: string,
  options: ReaderOptions = {},
): Lockfile {
  const warnings: LockfileWarning[] = [];
  checkHeader(text, path, warnings);
  const entries = parseYarnClassic(text, path);
  const bySpec = new Map<string, ClassicEntry>();
  for (const entry of entries) for (const spec of entry.specs) bySpec.set(spec, entry);
  const refOf = (spec: string): string | undefined => bySpec.get(spec)?.specs[0];
  const edges = new Map(
    entries.map((entry) => [entry.specs[0] ?? '', edgesOf(entry, refOf, warnings)]),
  );
  const packages = entries.map((entry) => toPackage(entry, edges, path, warnings));
  const roots = manifestRoots(options.manifests, refOf);
  scopeByReachability(
    packages,
    roots,
    (ref) => (edges.get(ref) ?? []).filter((e) => !e.optional).map((e) => e.to),
    warnings,
  );
  const lockfile: Lockfile = {
    path,
    format: 'yarn-classic',
    formatVersion: '1',
    packages,
    warnings,
  };
  if (roots.root !== undefined) lockfile.root = roots.root;
  return lockfile;
}

function checkHeader(text: string, path: string, warnings: LockfileWarning[]): void {
  const header = /^(?:#.*\r?\n|[ \t]*\r?\n)*?# yarn lockfile v(\d+)/.exec(text);
  if (header?.[1] !== undefined && header[1] !== '1') {
    throw unsupportedVersion(
      path,
      header[0].split('\n').length,
      'yarn.lock header',
      `v${header[1]}`,
    );
  }
  const berry = /^__metadata:\s*$/m.exec(text);
  if (berry !== null) {
    throw unsupportedVersion(
      path,
      text.slice(0, berry.index).split('\n').length,
      'yarn classic lockfile: found yarn berry',
      '__metadata',
    );
  }
  if (header === null)
    warnings.push({ line: 1, message: 'no "# yarn lockfile v1" header; read as v1' });
}

interface ClassicEdge {
  to: string;
  optional: boolean;
}

function edgesOf(
  entry: ClassicEntry,
  refOf: (spec: string) => string | undefined,
  warnings: LockfileWarning[],
): ClassicEdge[] {
  const out: ClassicEdge[] = [];
  for (const [field, optional] of [
    ['dependencies', false],
    ['optionalDependencies', true],
  ] as const) {
    for (const [name, range] of entry.maps.get(field) ?? []) {
      const to = refOf(`${name}@${range}`);
      if (to !== undefined) out.push({ to, optional });
      else if (!optional)
        warnings.push({
          line: entry.line,
          message: `dependency ${name}@${range} is not in the lockfile`,
          kind: 'missing-dependency',
        });
    }
  }
  return out;
}

function toPackage(
  entry: ClassicEntry,
  edges: ReadonlyMap<string, ClassicEdge[]>,
  path: string,
  warnings: LockfileWarning[],
): LockPackage {
  const ref = entry.specs[0] ?? '';
  const fullName = splitYarnSpec(ref).realName;
  const version = entry.fields.get('version');
  const resolved = entry.fields.get('resolved');
  const integrity = entry.fields.get('integrity');
  const decoded = decodeIntegrity(integrity ?? '');
  const sha1 = resolved === undefined ? undefined : sha1FromResolvedUrl(resolved);
  if (sha1 !== undefined) addHash(decoded.hashes, sha1);
  if (version === undefined)
    warnings.push({ line: entry.line, message: `${fullName} has no version`, kind: 'no-version' });
  if (integrity === undefined && sha1 === undefined)
    warnings.push({ line: entry.line, message: `${fullName} has no integrity`, kind: 'no-hash' });
  warnRejected(warnings, entry.line, fullName, decoded.rejected);
  return toNpmPackage(
    {
      ref,
      fullName,
      version,
      line: entry.line,
      scope: 'required',
      hashes: decoded.hashes,
      licenses: [],
      dependsOn: (edges.get(ref) ?? []).map((edge) => edge.to),
      resolved,
    },
    path,
  );
}

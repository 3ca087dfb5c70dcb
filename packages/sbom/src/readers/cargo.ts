import type {
  Lockfile,
  LockfileReader,
  LockfileWarning,
  LockPackage,
  PackageHash,
} from '../lockfile.js';
import type { EntryWarning } from './lock-entry.js';
import {
  createRefAllocator,
  indexBy,
  lineMatching,
  packageLabel,
  parseError,
  sha256Hash,
  unsupportedVersion,
  withProperties,
} from './lock-entry.js';
import { toPurl } from './purl-encode.js';
import {
  asArray,
  asString,
  asTable,
  locatePackageBlocks,
  packageTables,
  parseLockToml,
} from './toml-lock.js';
import type { TomlTable } from './toml-lock.js';

/** One `[[package]]` of Cargo.lock. */
interface Crate {
  name: string;
  version: string | undefined;
  /** `registry+…`, `sparse+…` or `git+…`; absent for path packages (workspace members, path deps). */
  source: string | undefined;
  checksum: string | undefined;
  dependencies: string[];
  line: number;
}

/** The crates.io index as Cargo writes it (git and sparse protocol). */
const CRATES_IO = new Set([
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://index.crates.io/',
]);

/**
 * Reads Cargo.lock: v1 and v2 (no `version` key; v1 keeps checksums in `[metadata]`), v3, v4.
 *
 * Packages without `source` are path packages — workspace members or path dependencies, i.e.
 * first-party code. They get no purl (a `pkg:cargo` purl would claim the crates.io crate of that
 * name). When exactly one of them is depended on by no other package, it is the project: it
 * becomes `root`. Otherwise (a virtual workspace with several top crates) there is no `root` and
 * every path package stays a component. Cargo.lock lists normal, build and dev dependencies in one
 * `dependencies` array, so dev-only crates cannot be told apart: every package is `required`.
 */
export const readCargoLockfile: LockfileReader = (text, path) => {
  const doc = parseLockToml(text, path);
  const formatVersion = cargoVersion(doc, text, path);
  const tables = packageTables(doc, path);
  const lines = locatePackageBlocks(text, path, tables);
  const crates = tables.map((table, i) => toCrate(table, path, lines[i] ?? 0));
  const warnings: LockfileWarning[] = [];
  const edges = resolveDependencies(crates, warnings);
  const rootIndex = workspaceRoot(crates, edges);
  const ids = identify(crates, edges, rootIndex);
  const metadata = asTable(doc.metadata) ?? {};
  const packages = crates.flatMap((crate, i) => {
    const id = ids[i];
    return i === rootIndex || id === undefined
      ? []
      : [toPackage(crate, id, path, metadata, warnings)];
  });
  const lockfile: Lockfile = { path, format: 'cargo', formatVersion, packages, warnings };
  const root = crates[rootIndex];
  if (root === undefined) return lockfile;
  return {
    ...lockfile,
    root: { name: root.name, version: root.version, dependsOn: ids[rootIndex]?.dependsOn ?? [] },
  };
};

/** Each crate's ref (its purl, or `cargo-path:` for path crates), purl and edges; the root is no target. */
function identify(
  crates: Crate[],
  edges: number[][],
  rootIndex: number,
): Pick<LockPackage, 'ref' | 'purl' | 'dependsOn'>[] {
  const ref = createRefAllocator();
  const purls = crates.map(cratePurl);
  const refs = crates.map((c, i) => ref(purls[i] ?? `cargo-path:${c.name}@${c.version ?? ''}`));
  return crates.map((_, i) => ({
    ref: refs[i] ?? '',
    purl: purls[i],
    dependsOn: (edges[i] ?? []).filter((t) => t !== rootIndex).map((t) => refs[t] ?? ''),
  }));
}

/** `version = 3|4`; without one, v1 (checksums in `[metadata]`, `name version (source)` deps) or v2. */
function cargoVersion(doc: TomlTable, text: string, path: string): string {
  const version = doc.version;
  if (version === 3 || version === 4) return String(version);
  if (version !== undefined) {
    throw unsupportedVersion(
      path,
      lineMatching(text, /^version\s*=/),
      'Cargo.lock version',
      JSON.stringify(version),
      ['1', '2', '3', '4'],
    );
  }
  const metadata = asTable(doc.metadata) ?? {};
  return Object.keys(metadata).some((k) => k.startsWith('checksum ')) ? '1' : '2';
}

/** Validates one `[[package]]`. */
function toCrate(table: TomlTable, path: string, line: number): Crate {
  const name = asString(table.name);
  if (name === undefined || name === '') throw parseError(path, line, '[[package]] without a name');
  const raw = table.dependencies;
  if (raw !== undefined && (!Array.isArray(raw) || raw.some((d) => typeof d !== 'string'))) {
    throw parseError(path, line, `${name}: dependencies must be an array of strings`);
  }
  const dependencies = asArray(raw).map(String);
  return {
    name,
    version: asString(table.version),
    source: asString(table.source),
    checksum: asString(table.checksum),
    dependencies,
    line,
  };
}

/**
 * Resolves `"name"`, `"name version"` and `"name version (source)"` entries. Cargo writes the
 * shortest form that is unambiguous in the file, so a bare name means one locked version.
 */
function resolveDependencies(crates: Crate[], warnings: LockfileWarning[]): number[][] {
  const byName = indexBy(crates, (crate) => crate.name);
  return crates.map((crate) =>
    crate.dependencies.flatMap((dep) => {
      const [, name = '', version, source] = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(dep) ?? [];
      const matches = (byName.get(name) ?? []).filter((i) => {
        const target = crates[i];
        return (
          (version === undefined || target?.version === version) &&
          (source === undefined || target?.source === source)
        );
      });
      if (matches.length === 1) return matches;
      warnings.push({
        line: crate.line,
        message: `${crate.name}: dependency "${dep}" matches ${matches.length} packages`,
        kind: 'missing-dependency',
      });
      return [];
    }),
  );
}

/** The one path package nothing depends on, or -1 when there are none or several. */
function workspaceRoot(crates: Crate[], edges: number[][]): number {
  const dependedOn = new Set(edges.flat());
  const tops = crates.flatMap((c, i) => (c.source === undefined && !dependedOn.has(i) ? [i] : []));
  return tops.length === 1 ? (tops[0] ?? -1) : -1;
}

/** `git+https://github.com/o/r?branch=x#<commit>` → `git+https://github.com/o/r@<commit>`. */
function vcsUrl(source: string): string {
  const [location = '', commit] = source.split('#');
  const repo = location.split('?')[0] ?? location;
  return commit === undefined ? repo : `${repo}@${commit}`;
}

/** `pkg:cargo/<name>@<version>`, qualified for other registries and git; none for path packages. */
function cratePurl(crate: Crate): string | undefined {
  const { source } = crate;
  if (source === undefined) return undefined;
  let qualifiers: Record<string, string> = {};
  if (source.startsWith('git+')) qualifiers = { vcs_url: vcsUrl(source) };
  else if (!CRATES_IO.has(source))
    qualifiers = { repository_url: source.replace(/^(registry|sparse)\+/, '') };
  return toPurl({ type: 'cargo', name: crate.name, version: crate.version, qualifiers });
}

/** The checksum: inline (v2+) or v1's `[metadata] "checksum <name> <version> (<source>)"`. */
function checksumOf(crate: Crate, metadata: TomlTable): string | undefined {
  if (crate.checksum !== undefined) return crate.checksum;
  const legacy = asString(
    metadata[`checksum ${crate.name} ${crate.version ?? ''} (${crate.source ?? ''})`],
  );
  return legacy === '<none>' ? undefined : legacy;
}

/** The component for one crate. */
function toPackage(
  crate: Crate,
  ids: Pick<LockPackage, 'ref' | 'purl' | 'dependsOn'>,
  path: string,
  metadata: TomlTable,
  warnings: LockfileWarning[],
): LockPackage {
  const { name, version, source, line } = crate;
  const checksum = checksumOf(crate, metadata);
  const hash = checksum === undefined ? undefined : sha256Hash(checksum);
  for (const warning of crateWarnings(crate, checksum, hash)) warnings.push({ line, ...warning });
  const hashes = hash === undefined ? [] : [hash];
  const pkg: LockPackage = {
    ...ids,
    name,
    version,
    scope: 'required',
    hashes,
    licenses: [],
    source: { path, line },
  };
  const fromCratesIo = source !== undefined && CRATES_IO.has(source);
  return withProperties(
    pkg,
    fromCratesIo ? [] : [{ name: 'trailmark:cargo:source', value: source ?? 'path' }],
  );
}

/** No version; a malformed checksum; no checksum on a registry crate (git and path crates have none). */
function crateWarnings(
  crate: Crate,
  checksum: string | undefined,
  hash: PackageHash | undefined,
): EntryWarning[] {
  const label = packageLabel(crate.name, crate.version);
  const out: EntryWarning[] =
    crate.version === undefined
      ? [{ message: `${crate.name}: no version`, kind: 'no-version' }]
      : [];
  if (checksum !== undefined && hash === undefined)
    out.push({ message: `${label}: malformed checksum ${checksum}`, kind: 'bad-hash' });
  const registry = crate.source !== undefined && !crate.source.startsWith('git+');
  if (checksum === undefined && registry)
    out.push({ message: `${label}: no checksum`, kind: 'no-hash' });
  return out;
}

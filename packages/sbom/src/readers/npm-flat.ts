import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import { decodeIntegrity, warnRejected } from './integrity.js';
import { toNpmPackage, uniqueSorted } from './npm-package.js';
import type { NpmDeclaredDependency } from './npm-tree.js';
import { resolveNodeModules } from './npm-tree.js';

/** One npm lockfile location, the same shape whether it came from a v1 tree or a v2/v3 map. */
export interface FlatNpmEntry {
  /** The location, `node_modules/a/node_modules/b`, or a workspace path. */
  key: string;
  line: number;
  fullName: string;
  version: string | undefined;
  resolved: string | undefined;
  integrity: string | undefined;
  licenses: string[];
  /** npm's own `dev`/`optional`/`devOptional` flags: true when any is set. */
  notRequired: boolean;
  bundled: boolean;
  /** A local package (workspace or `file:` target), not a registry download. */
  local: boolean;
  /** Set on `link: true` entries: the location they point at. */
  link?: string;
  deps: NpmDeclaredDependency[];
}

/** The lockfile's root project. */
export interface NpmRoot {
  name: string | undefined;
  version: string | undefined;
  deps: NpmDeclaredDependency[];
}

/** Turns resolved npm locations into a {@link Lockfile}: links followed, edges walked, warnings kept. */
export function buildNpmLockfile(
  entries: ReadonlyMap<string, FlatNpmEntry>,
  root: NpmRoot,
  meta: { path: string; formatVersion: string },
): Lockfile {
  const warnings: LockfileWarning[] = [];
  const target = (key: string): string => {
    const link = entries.get(key)?.link;
    return link !== undefined && entries.has(link) ? link : key;
  };
  const resolveAll = (
    from: string,
    deps: readonly NpmDeclaredDependency[],
    line: number,
  ): string[] =>
    deps.flatMap((dep) => {
      const key = resolveNodeModules(from, dep.name, (candidate) => entries.has(candidate));
      if (key !== undefined) return [target(key)];
      if (!dep.optional)
        warnings.push({
          line,
          message: `dependency ${dep.name} of ${from || 'the root'} is not in the lockfile`,
          kind: 'missing-dependency',
        });
      return [];
    });
  const packages: LockPackage[] = [];
  for (const entry of entries.values()) {
    if (target(entry.key) !== entry.key) continue;
    packages.push(
      toPackage(entry, resolveAll(entry.key, entry.deps, entry.line), meta.path, warnings),
    );
  }
  const linkedFromRoot = [...entries.values()].filter(
    (e) => e.link !== undefined && !e.key.includes('/node_modules/'),
  );
  const rootDeps = [...resolveAll('', root.deps, 1), ...linkedFromRoot.map((e) => target(e.key))];
  const lockfile: Lockfile = {
    path: meta.path,
    format: 'npm',
    formatVersion: meta.formatVersion,
    packages,
    warnings,
  };
  if (root.name !== undefined)
    lockfile.root = { name: root.name, dependsOn: uniqueSorted(rootDeps) };
  if (lockfile.root !== undefined && root.version !== undefined)
    lockfile.root.version = root.version;
  return lockfile;
}

function toPackage(
  entry: FlatNpmEntry,
  dependsOn: string[],
  path: string,
  warnings: LockfileWarning[],
): LockPackage {
  const integrity = decodeIntegrity(entry.integrity ?? '');
  if (entry.version === undefined)
    warnings.push({
      line: entry.line,
      message: `${entry.fullName} has no version`,
      kind: 'no-version',
    });
  if (entry.integrity === undefined && !entry.local && !entry.bundled && entry.link === undefined) {
    warnings.push({
      line: entry.line,
      message: `${entry.fullName} has no integrity`,
      kind: 'no-hash',
    });
  }
  warnRejected(warnings, entry.line, entry.fullName, integrity.rejected);
  const properties = [
    ...(entry.bundled ? [{ name: 'cdx:npm:package:bundled', value: 'true' }] : []),
    ...(entry.local ? [{ name: 'trailmark:npm:workspace', value: entry.key }] : []),
  ];
  return toNpmPackage(
    {
      ref: entry.key,
      fullName: entry.fullName,
      version: entry.version,
      line: entry.line,
      scope: entry.notRequired ? 'optional' : 'required',
      hashes: integrity.hashes,
      licenses: entry.licenses,
      dependsOn,
      resolved: entry.resolved,
      properties,
    },
    path,
  );
}

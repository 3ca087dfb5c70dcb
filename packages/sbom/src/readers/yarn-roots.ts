import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import type { PackageManifest } from './manifest.js';
import { manifestEdges } from './manifest.js';
import { uniqueSorted } from './npm-package.js';
import { reachable } from './reach.js';

/** The root project's edges and the refs prod dependencies start from; undefined: nothing known. */
export interface ProjectRoots {
  root?: NonNullable<Lockfile['root']>;
  prodStarts: string[] | undefined;
}

/**
 * Roots from the manifests (root first, then workspaces): each dependency is looked up as
 * `name@range`, the key yarn classic writes. Workspace-to-workspace dependencies are not in
 * the lockfile and are skipped.
 */
export function manifestRoots(
  manifests: readonly PackageManifest[] | undefined,
  refOf: (spec: string) => string | undefined,
): ProjectRoots {
  const first = manifests?.[0];
  if (manifests === undefined || first === undefined) return { prodStarts: undefined };
  const refs = (manifest: PackageManifest, prodOnly: boolean): string[] =>
    manifestEdges(manifest).flatMap(([name, range, kind]) => {
      const ref = prodOnly && kind !== 'prod' ? undefined : refOf(`${name}@${range}`);
      return ref === undefined ? [] : [ref];
    });
  const root: NonNullable<Lockfile['root']> = {
    name: first.name ?? '.',
    dependsOn: uniqueSorted(refs(first, false)),
  };
  if (first.version !== undefined) root.version = first.version;
  return { root, prodStarts: manifests.flatMap((manifest) => refs(manifest, true)) };
}

/**
 * Sets each package's scope: `required` when reachable from `prodStarts` through `next`
 * (required edges only), else `optional`. Without starts every package stays `required`
 * — unknown is not dev-only — and one warning says so.
 */
export function scopeByReachability(
  packages: LockPackage[],
  roots: ProjectRoots,
  next: (ref: string) => Iterable<string>,
  warnings: LockfileWarning[],
): void {
  if (roots.prodStarts === undefined) {
    warnings.push({
      line: 1,
      message: 'no package.json given: dev-only packages cannot be told apart, all marked required',
    });
    return;
  }
  const required = reachable(roots.prodStarts, next);
  for (const pkg of packages) pkg.scope = required.has(pkg.ref) ? 'required' : 'optional';
}

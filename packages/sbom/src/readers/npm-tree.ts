/** One dependency an npm entry declares, by package name (resolved later by the walk). */
export interface NpmDeclaredDependency {
  name: string;
  /** Missing targets of optional and peer edges are normal; missing required ones are warned about. */
  optional: boolean;
}

/**
 * Node's module resolution over lockfile locations: from the package at `from`, try
 * `from/node_modules/<name>`, then each ancestor directory's `node_modules`, up to the root.
 * `has` answers whether a location is in the lockfile.
 */
export function resolveNodeModules(
  from: string,
  name: string,
  has: (key: string) => boolean,
): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (has(candidate)) return candidate;
    if (dir === '') return undefined;
    dir = parentDirectory(dir);
  }
}

/** The enclosing package directory of a location: `a/node_modules/b` → `a`, `a` → ``. */
function parentDirectory(dir: string): string {
  const parent = dir.slice(0, Math.max(dir.lastIndexOf('/'), 0));
  if (parent === 'node_modules') return '';
  return parent.endsWith('/node_modules') ? parent.slice(0, -'/node_modules'.length) : parent;
}

/** The package name a location installs: the part after the last `node_modules/`. */
export function nameFromLocation(key: string): string {
  const at = key.lastIndexOf('node_modules/');
  if (at !== -1) return key.slice(at + 'node_modules/'.length);
  return key.slice(key.lastIndexOf('/') + 1);
}

// A SYNTHETIC npm lockfile (v3) of any size, made of renamed copies of a real one: every
// registry entry of the real lockfile is repeated with `-<copy>` appended to each package name
// in its location, its `resolved` URL and its dependency names, so that edges still resolve
// within a copy. Used by bench/sbom.mjs for the 5,000-package generation target; the real
// lockfiles of the corpus stop at about 1,300 packages.

/**
 * Returns `{ text, packages, copies, source }`: the lockfile text (2-space JSON as npm writes
 * it) with exactly `target` package entries besides the root, taken in the real lockfile's
 * order, copy after copy (the last copy cut short).
 */
export function syntheticNpmLockfile(realText, target) {
  const real = JSON.parse(realText);
  // Registry entries only: the root, workspace folders and their links stay out.
  const entries = Object.entries(real.packages).filter(
    ([key, entry]) => key.startsWith('node_modules/') && entry.link !== true,
  );
  const packages = {};
  let copy = 0;
  let count = 0;
  while (count < target) {
    const taken = entries.slice(0, Math.min(entries.length, target - count));
    Object.assign(packages, renamedCopy(taken, copy));
    count += taken.length;
    copy += 1;
  }
  const root = {
    name: `synthetic-${target}`,
    version: '1.0.0',
    dependencies: topLevel(packages, (entry) => entry.dev !== true),
    devDependencies: topLevel(packages, (entry) => entry.dev === true),
  };
  const lock = {
    name: root.name,
    version: root.version,
    lockfileVersion: 3,
    requires: true,
    packages: { '': root, ...packages },
  };
  return {
    text: `${JSON.stringify(lock, null, 2)}\n`,
    packages: count,
    copies: copy,
    source: entries.length,
  };
}

/** One copy: locations, names, URLs and dependency names suffixed with `-<copy>`. */
function renamedCopy(entries, copy) {
  const rename = (name) => `${name}-${copy}`;
  // A dependency this copy cannot resolve (a workspace, or cut off in the last copy) is dropped.
  const keys = new Set(entries.map(([key]) => key));
  const out = {};
  for (const [key, entry] of entries) {
    const name = rename(entry.name ?? nameAt(key));
    const renamed = { ...entry };
    if (entry.name !== undefined) renamed.name = name;
    if (entry.resolved !== undefined && entry.version !== undefined)
      renamed.resolved = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      if (entry[field] === undefined) continue;
      renamed[field] = Object.fromEntries(
        Object.entries(entry[field])
          .filter(([dep]) => resolves(keys, key, dep))
          .map(([dep, range]) => [rename(dep), range]),
      );
    }
    out[renameLocation(key, rename)] = renamed;
  }
  return out;
}

/** Whether `dep`, required from location `from`, is found the way Node looks it up. */
function resolves(keys, from, dep) {
  for (let dir = from; ;) {
    if (keys.has(`${dir}/node_modules/${dep}`)) return true;
    const up = dir.lastIndexOf('/node_modules/');
    if (up === -1) return keys.has(`node_modules/${dep}`);
    dir = dir.slice(0, up);
  }
}

/** `node_modules/a/node_modules/@s/b` with every package name renamed. */
function renameLocation(key, rename) {
  return key
    .slice('node_modules/'.length)
    .split('/node_modules/')
    .map((name) => `node_modules/${rename(name)}`)
    .join('/');
}

/** The package name a location installs (the part after its last `node_modules/`). */
function nameAt(key) {
  return key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** `{ name: version }` of the top-level (hoisted) entries that pass `keep`. */
function topLevel(packages, keep) {
  const deps = {};
  for (const [key, entry] of Object.entries(packages)) {
    if (key.indexOf('/node_modules/') === -1 && keep(entry)) deps[nameAt(key)] = entry.version;
  }
  return deps;
}

import type { LockfileWarning, LockPackage } from '../lockfile.js';
import type { PackageManifest } from './manifest.js';
import { toNpmPackage } from './npm-package.js';
import { asRecord, asString } from './parse-error.js';
import type { BerryEntry, BerryIndex } from './yarn-berry-index.js';
import { splitYarnSpec } from './yarn-spec.js';

/** True for `linkType: soft` entries that yarn resolved to a workspace. */
export function isWorkspace(entry: BerryEntry): boolean {
  return entry.resolution.includes('@workspace:', 1);
}

/**
 * The {@link LockPackage} of a berry entry. Name and protocol come from the resolution (the
 * locator yarn installed), the version from `version`. `checksum` is deliberately NOT a
 * component hash: it is `<cacheKey>/<sha512 hex>` of the zip archive yarn builds in its own
 * cache, not of the registry tarball, so no other tool can check an artifact against it. It is
 * kept as the property `trailmark:yarn:checksum`.
 */
export function berryPackage(
  entry: BerryEntry,
  dependsOn: string[],
  path: string,
  warnings: LockfileWarning[],
): LockPackage {
  const { name: fullName, range } = splitYarnSpec(entry.resolution);
  const workspace = isWorkspace(entry);
  const version = workspace ? undefined : asString(entry.record.version);
  const checksum = asString(entry.record.checksum);
  if (!workspace && version === undefined)
    warnings.push({ line: entry.line, message: `${fullName} has no version`, kind: 'no-version' });
  if (checksum === undefined && asString(entry.record.linkType) !== 'soft')
    warnings.push(missingChecksum(entry, fullName));
  const properties = [
    ...(checksum === undefined ? [] : [{ name: 'trailmark:yarn:checksum', value: checksum }]),
    ...(range.startsWith('npm:') || workspace
      ? []
      : [{ name: 'trailmark:yarn:resolution', value: entry.resolution }]),
    ...(workspace
      ? [{ name: 'trailmark:yarn:workspace', value: range.slice('workspace:'.length) }]
      : []),
  ];
  return toNpmPackage(
    {
      ref: entry.resolution,
      fullName,
      version,
      line: entry.line,
      scope: 'required',
      hashes: [],
      licenses: [],
      dependsOn,
      resolved: urlOf(range),
      properties,
    },
    path,
  );
}

/** A fetchable source behind a non-npm range: `https://...`, `git+...`, `git@...`. */
function urlOf(range: string): string | undefined {
  if (/^(https?:|git\+|git:|github:)/.test(range)) return range;
  return undefined;
}

/**
 * The resolutions a workspace's prod dependencies point at. The lockfile merges prod and dev
 * dependencies of a workspace; its manifest (matched by name) says which names are dev-only.
 * Without a matching manifest every dependency counts as prod.
 */
export function workspaceStarts(
  entry: BerryEntry,
  manifests: readonly PackageManifest[],
  index: BerryIndex,
): string[] {
  const name = splitYarnSpec(entry.resolution).name;
  const manifest = manifests.find((candidate) => candidate.name === name);
  const out: string[] = [];
  for (const [dep, value] of Object.entries(asRecord(entry.record.dependencies) ?? {})) {
    if (manifest !== undefined && !isProdDependency(manifest, dep)) continue;
    const to = index.resolve(dep, asString(value) ?? '');
    if (to !== undefined) out.push(to);
  }
  return out;
}

function isProdDependency(manifest: PackageManifest, name: string): boolean {
  return name in manifest.dependencies || name in manifest.peerDependencies;
}

/**
 * yarn writes no checksum for packages it did not fetch: those with `conditions` for another
 * platform (every `@esbuild/*` binary but one). Nobody can act on that, so it is a note; a
 * missing checksum on an unconditional package is a warning.
 */
function missingChecksum(entry: BerryEntry, fullName: string): LockfileWarning {
  const conditions = asString(entry.record.conditions);
  if (conditions === undefined)
    return { line: entry.line, message: `${fullName} has no checksum`, kind: 'no-hash' };
  return {
    line: entry.line,
    message: `${fullName} has no checksum (conditional: ${conditions}; yarn fetches only the current platform's)`,
    note: true,
  };
}

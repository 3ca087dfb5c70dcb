import { toPurl } from './purl-encode.js';
import type { LockPackage, PackageHash } from '../lockfile.js';

/** What a JavaScript-ecosystem reader knows about one lockfile entry. */
export interface NpmEntry {
  ref: string;
  /** Full package name, `@scope/name` or `name`. */
  fullName: string;
  version: string | undefined;
  line: number;
  scope: LockPackage['scope'];
  hashes: PackageHash[];
  licenses: string[];
  dependsOn: string[];
  /** Where the artifact came from when it is not the registry (git, tarball URL). */
  resolved?: string | undefined;
  properties?: { name: string; value: string }[];
}

/** Splits `@scope/name` into namespace and name. */
export function splitNpmName(fullName: string): { namespace?: string; name: string } {
  const slash = fullName.indexOf('/');
  if (!fullName.startsWith('@') || slash === -1) return { name: fullName };
  return { namespace: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
}

/**
 * The purl of an npm package (purl-spec npm type: namespace and name lowercased, `@` encoded),
 * built by the same encoder as every other purl trailmark writes, qualifiers sorted.
 */
export function npmPurl(
  fullName: string,
  version: string,
  qualifiers: Record<string, string> = {},
): string {
  const { namespace, name } = splitNpmName(fullName.toLowerCase());
  return toPurl({ type: 'npm', namespace, name, version, qualifiers });
}

/**
 * purl qualifiers for an artifact that does not come from a registry: `vcs_url` for git
 * sources, `download_url` for other URLs. Registry tarballs (`.../-/<name>-<version>.tgz`) get none.
 */
export function sourceQualifiers(
  resolved: string | undefined,
  fullName: string,
  version: string,
): Record<string, string> {
  if (resolved === undefined) return {};
  if (/^(git\+|git:|github:)/.test(resolved)) return { vcs_url: resolved };
  if (!/^https?:\/\//.test(resolved)) return {};
  const { name } = splitNpmName(fullName);
  const path = resolved.split(/[?#]/)[0] ?? '';
  return path.endsWith(`/-/${name}-${version}.tgz`) ? {} : { download_url: resolved };
}

/** Builds the {@link LockPackage} of a JavaScript-ecosystem entry. */
export function toNpmPackage(entry: NpmEntry, path: string): LockPackage {
  const { namespace, name } = splitNpmName(entry.fullName);
  const pkg: LockPackage = {
    ref: entry.ref,
    name,
    scope: entry.scope,
    hashes: entry.hashes,
    licenses: entry.licenses,
    source: { path, line: entry.line },
    dependsOn: uniqueSorted(entry.dependsOn.filter((ref) => ref !== entry.ref)),
  };
  if (namespace !== undefined) pkg.namespace = namespace;
  if (entry.version !== undefined) {
    pkg.version = entry.version;
    pkg.purl = npmPurl(
      entry.fullName,
      entry.version,
      sourceQualifiers(entry.resolved, entry.fullName, entry.version),
    );
  }
  if (entry.properties !== undefined && entry.properties.length > 0)
    pkg.properties = entry.properties;
  return pkg;
}

/** Distinct values in code-unit order. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

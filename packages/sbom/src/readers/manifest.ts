import { asRecord, asString, parseError, stringMap } from './parse-error.js';
import { jsonParseError } from './json-key-lines.js';

/** The parts of a `package.json` that decide which lockfile entries are roots and which are dev-only. */
export interface PackageManifest {
  name?: string;
  version?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  /** yarn `resolutions` (overrides applied at install time; berry needs them to follow edges). */
  resolutions: Record<string, string>;
}

/**
 * Extra inputs for readers whose lockfile does not say which dependencies are dev-only
 * (yarn classic, yarn berry, npm v1): the project's manifests, read by the caller.
 */
export interface ReaderOptions {
  /** The root `package.json` first, then workspace manifests. */
  manifests?: readonly PackageManifest[];
  /** A file read together with the lockfile: `go.sum` for `go.mod` (or `go.mod` for `go.sum`). */
  companion?: { text: string; path: string };
}

/** Parses `package.json` text; throws `SBOM_PARSE` naming `path:line` when it is not a JSON object. */
export function parsePackageManifest(text: string, path: string): PackageManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonParseError(text, path, err);
  }
  const record = asRecord(value);
  if (record === undefined) throw parseError(path, 1, 'package.json is not a JSON object');
  const manifest: PackageManifest = {
    dependencies: Object.fromEntries(stringMap(record.dependencies)),
    devDependencies: Object.fromEntries(stringMap(record.devDependencies)),
    optionalDependencies: Object.fromEntries(stringMap(record.optionalDependencies)),
    peerDependencies: Object.fromEntries(stringMap(record.peerDependencies)),
    resolutions: Object.fromEntries(stringMap(record.resolutions)),
  };
  const name = asString(record.name);
  const version = asString(record.version);
  if (name !== undefined) manifest.name = name;
  if (version !== undefined) manifest.version = version;
  return manifest;
}

/** A manifest's dependencies as `[name, range, kind]`, prod kinds first. */
export function manifestEdges(
  manifest: PackageManifest,
): [string, string, 'prod' | 'optional' | 'dev'][] {
  return [
    ...Object.entries(manifest.dependencies).map(([n, r]): [string, string, 'prod'] => [
      n,
      r,
      'prod',
    ]),
    ...Object.entries(manifest.peerDependencies).map(([n, r]): [string, string, 'prod'] => [
      n,
      r,
      'prod',
    ]),
    ...Object.entries(manifest.optionalDependencies).map(([n, r]): [string, string, 'optional'] => [
      n,
      r,
      'optional',
    ]),
    ...Object.entries(manifest.devDependencies).map(([n, r]): [string, string, 'dev'] => [
      n,
      r,
      'dev',
    ]),
  ];
}

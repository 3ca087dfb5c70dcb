import type { Lockfile } from '../lockfile.js';
import { jsonParseError, scanJsonKeys } from './json-key-lines.js';
import type { ReaderOptions } from './manifest.js';
import { readNpmPackagesSection } from './npm-packages.js';
import { readNpmDependencyTree } from './npm-v1.js';
import { asRecord, parseError, unsupportedVersion } from './parse-error.js';

/**
 * Reads `package-lock.json` / `npm-shrinkwrap.json` (lockfileVersion 1, 2 and 3).
 *
 * Scope comes from npm's own `dev`/`optional`/`devOptional` flags (npm computed them by walking
 * the tree from the root's and workspaces' dependencies); edges are resolved the way Node
 * resolves `require`, over the lockfile's `node_modules` locations, following `link: true` entries.
 */
export function readNpmLockfile(text: string, path: string, options: ReaderOptions = {}): Lockfile {
  const doc = parseJsonObject(text, path);
  const version = doc.lockfileVersion;
  if (version === 2 || version === 3)
    return readNpmPackagesSection(doc, text, path, String(version));
  if (version === 1) return readNpmDependencyTree(doc, text, path, options.manifests?.[0]);
  throw unsupportedVersion(
    path,
    keyLine(text, 'lockfileVersion'),
    'package-lock.json lockfileVersion',
    JSON.stringify(version ?? null),
  );
}

function parseJsonObject(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonParseError(text, path, err);
  }
  const doc = asRecord(value);
  if (doc === undefined) throw parseError(path, 1, 'a package lock must be a JSON object');
  return doc;
}

/** Line of a top-level key, 1 when absent. */
function keyLine(text: string, key: string): number {
  let found = 1;
  scanJsonKeys(text, (keys, line) => {
    if (keys.length === 1 && keys[0] === key) found = line;
  });
  return found;
}

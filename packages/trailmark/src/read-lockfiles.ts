import { dirname, join } from 'node:path';
import { globToRegExp } from '@trailmark/core';
import {
  lockfileFormat,
  parsePackageManifest,
  readLockfileOnDemand,
  type Lockfile,
  type PackageManifest,
  type ReaderOptions,
} from '@trailmark/sbom/generate';
import { readText } from './read-file.js';

/**
 * Reads each lockfile with what its reader needs besides the text: the project's `package.json`
 * and its workspaces' for npm and yarn (which dependencies are dev-only), `go.sum` beside `go.mod`.
 * `paths` are relative to `dir`; `name(path)` gives the path recorded in `trailmark:source`.
 */
export async function readLockfiles(
  dir: string,
  paths: readonly string[],
  files: readonly string[],
  name: (path: string) => string,
): Promise<Lockfile[]> {
  const out: Lockfile[] = [];
  for (const path of paths) {
    const text = await read(dir, path, name, 'a lockfile');
    const options = await readerOptions(dir, path, text, files, name);
    out.push(await readLockfileOnDemand(text, name(path), options));
  }
  return out;
}

async function readerOptions(
  dir: string,
  path: string,
  text: string,
  files: readonly string[],
  name: (path: string) => string,
): Promise<ReaderOptions> {
  const format = lockfileFormat(path, text);
  const base = dirname(path) === '.' ? '' : `${dirname(path)}/`;
  if (format === 'go') {
    const companion = path.endsWith('go.mod') ? `${base}go.sum` : `${base}go.mod`;
    if (!files.includes(companion)) return {};
    return {
      companion: {
        text: await read(dir, companion, name, 'a Go module file'),
        path: name(companion),
      },
    };
  }
  if (format !== 'npm' && format !== 'yarn-classic' && format !== 'yarn-berry' && format !== 'pnpm')
    return {};
  const rootPath = `${base}package.json`;
  if (!files.includes(rootPath)) return {};
  const rootText = await read(dir, rootPath, name, 'a package.json');
  const manifests: PackageManifest[] = [parsePackageManifest(rootText, name(rootPath))];
  for (const workspace of workspaceManifests(rootText, base, files)) {
    manifests.push(
      parsePackageManifest(await read(dir, workspace, name, 'a package.json'), name(workspace)),
    );
  }
  return { manifests };
}

function read(
  dir: string,
  path: string,
  name: (path: string) => string,
  expected: string,
): Promise<string> {
  return readText(join(dir, path), { path: name(path), expected });
}

/** `package.json` files of the workspaces the root manifest declares (npm/yarn `workspaces`). */
function workspaceManifests(rootText: string, base: string, files: readonly string[]): string[] {
  let declared: unknown;
  try {
    declared = (JSON.parse(rootText) as { workspaces?: unknown }).workspaces;
  } catch {
    return []; // parsePackageManifest has already reported the bad JSON with its line.
  }
  const patterns = Array.isArray(declared)
    ? declared
    : (declared as { packages?: unknown } | undefined)?.packages;
  if (!Array.isArray(patterns)) return [];
  const globs = patterns
    .filter((p): p is string => typeof p === 'string')
    .map((p) => globToRegExp(p.replace(/\/$/, '')));
  return files.filter((file) => {
    if (!file.startsWith(base) || !file.endsWith('/package.json')) return false;
    const workspaceDir = file.slice(base.length, -'/package.json'.length);
    return globs.some((glob) => glob.test(workspaceDir));
  });
}

import { join, relative, sep } from 'node:path';
import { compareCodeUnits, globToRegExp } from '@trailmark/core';
import type { GitClient } from '@trailmark/git';
import { lockfileFormat } from '@trailmark/sbom/generate';
import { listDirectory } from './read-file.js';

/**
 * Every file under `dir` (relative to it, `/`-separated, sorted): from git when `dir` is in a
 * repository, so `.gitignore` is respected; else by walking the tree. `node_modules` and `.git`
 * are never entered, and `--exclude` globs drop paths. `shown` names `dir` in messages.
 */
export async function listProjectFiles(
  dir: string,
  repoRoot: string | undefined,
  git: GitClient | undefined,
  exclude: readonly string[],
  shown = '.',
): Promise<string[]> {
  const excluded = exclude.map((glob) =>
    globToRegExp(glob, { matchBase: true, descendants: true }),
  );
  const files = git && repoRoot ? await fromGit(git, repoRoot, dir) : await walk(dir, shown);
  return files
    .filter(
      (file) =>
        !file.split('/').includes('node_modules') && !excluded.some((glob) => glob.test(file)),
    )
    .sort(compareCodeUnits);
}

/** The lockfiles among `files`; `go.sum` counts only where no `go.mod` sits beside it. */
export function pickLockfiles(files: readonly string[]): string[] {
  const set = new Set(files);
  return files.filter((file) => {
    if (lockfileFormat(file) === undefined) return false;
    return !(file.endsWith('go.sum') && set.has(file.replace(/go\.sum$/, 'go.mod')));
  });
}

async function fromGit(git: GitClient, repoRoot: string, dir: string): Promise<string[]> {
  const prefix = relative(repoRoot, dir).split(sep).join('/');
  const inside = prefix === '' ? '' : `${prefix}/`;
  return (await git.listFiles())
    .filter((file) => file.startsWith(inside))
    .map((file) => file.slice(inside.length));
}

// `shown` is the directory as the user named it, for messages.
async function walk(dir: string, shown: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await listDirectory(dir, {
    path: shown,
    expected: 'a directory searched for lockfiles',
  });
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const path = join(dir, entry.name);
    const inner = shown === '.' ? entry.name : join(shown, entry.name);
    if (entry.isDirectory())
      out.push(...(await walk(path, inner)).map((file) => `${entry.name}/${file}`));
    else if (entry.isFile()) out.push(entry.name);
  }
  return out;
}

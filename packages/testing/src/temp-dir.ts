import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';

/** A directory that exists until `cleanup()`. */
export interface TempDir {
  /** Absolute, symlink-free path (so it equals what `git rev-parse --show-toplevel` prints). */
  path: string;
  /** Removes the directory and everything in it; safe to call twice. */
  cleanup(): Promise<void>;
}

/** Makes a fresh directory under `os.tmpdir()` whose name starts with `prefix`. */
export async function createTempDir(prefix = 'trailmark-'): Promise<TempDir> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  return {
    path: dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Writes a declarative fixture tree: keys are `/`-separated paths relative to `root`, values the
 * file contents. Parent directories are created; paths that leave `root` are refused.
 */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of sortedEntries(files)) {
    const target = resolveInside(root, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/** Like `writeTree`, but a `null` content deletes the file. */
export async function applyTree(root: string, files: Record<string, string | null>): Promise<void> {
  for (const [relative, content] of sortedEntries(files)) {
    if (content === null) await rm(resolveInside(root, relative), { force: true });
    else await writeTree(root, { [relative]: content });
  }
}

function sortedEntries<T>(files: Record<string, T>): [string, T][] {
  return Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function resolveInside(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  const back = path.relative(root, target);
  if (relative === '' || path.isAbsolute(relative) || back === '' || back.startsWith('..')) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `fixture path "${relative}" is not inside ${root}`,
    );
  }
  return target;
}

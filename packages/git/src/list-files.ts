import { compareCodeUnits } from '@trailmark/core';
import type { GitRunner } from './run-git.js';

/**
 * One `ls-files` with status tags for what took two: `H`/`S`/`M` (in the index: plain,
 * skip-worktree, unmerged), `?` (untracked, not ignored) and `R` (in the index, deleted from disk).
 */
const TAGGED = ['ls-files', '-z', '-t', '--cached', '--others', '--deleted', '--exclude-standard'];
const LISTED = new Set(['H', 'S', 'M', '?']);

/**
 * Files in the index or untracked and not ignored, minus those deleted from disk, sorted; as
 * `ls-files --cached --others --exclude-standard` minus `ls-files --deleted`, which it falls back
 * to if a tag is not one of those it asks for.
 */
export async function listFiles(runner: GitRunner): Promise<string[]> {
  const entries = splitNul(await runner.run(TAGGED));
  const listed: string[] = [];
  const gone = new Set<string>();
  for (const entry of entries) {
    const tag = entry.slice(0, 1);
    const file = entry.slice(2);
    if (entry.charAt(1) !== ' ' || file === '') return listFilesByTwo(runner);
    if (tag === 'R') gone.add(file);
    else if (LISTED.has(tag)) listed.push(file);
    else return listFilesByTwo(runner);
  }
  return keep(listed, gone);
}

async function listFilesByTwo(runner: GitRunner): Promise<string[]> {
  const [listed, deleted] = await Promise.all([
    runner.run(['ls-files', '-z', '--deduplicate', '--cached', '--others', '--exclude-standard']),
    runner.run(['ls-files', '-z', '--deleted']),
  ]);
  return keep(splitNul(listed), new Set(splitNul(deleted)));
}

function keep(listed: readonly string[], gone: ReadonlySet<string>): string[] {
  // `--others` lists a nested repository as `dir/`: a directory, not a file.
  const files = listed.filter((file) => !gone.has(file) && !file.endsWith('/'));
  return [...new Set(files)].sort(compareCodeUnits);
}

/** The NUL-separated entries of `-z` output. */
export function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}

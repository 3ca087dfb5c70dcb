import { toIsoUtc } from './blame-porcelain.js';
import { GitError } from './error.js';
import { readHead } from './repo-facts.js';
import type { GitRunner } from './run-git.js';
import type { BlameLine } from './types.js';

/** Commit, author (after `.mailmap`, as blame reports it) and author time, NUL-separated. */
const FORMAT = ['%H', '%aN', '%aE', '%at'].join('%x00');

/** The last commit touching `repoPath`; `undefined` when none does or there are no commits. */
export async function readLastCommit(
  runner: GitRunner,
  repoPath: string,
): Promise<BlameLine | undefined> {
  let output: string;
  try {
    output = await runner.run([
      'log',
      '-1',
      '--no-show-signature',
      `--format=${FORMAT}`,
      '--',
      repoPath,
    ]);
  } catch (err) {
    // `git log` fails on an unborn branch; no commits means no last commit.
    if ((await readHead(runner)) === undefined) return undefined;
    throw err;
  }
  return parseLogLine(output.trim(), repoPath);
}

function parseLogLine(line: string, repoPath: string): BlameLine | undefined {
  if (line === '') return undefined;
  const [commit, name, email, time] = line.split('\0');
  const seconds = Number(time);
  if (
    commit === undefined ||
    name === undefined ||
    email === undefined ||
    !Number.isFinite(seconds)
  ) {
    throw new GitError('GIT_COMMAND_FAILED', `could not read git log output for ${repoPath}`);
  }
  return { commit, name, email, date: toIsoUtc(seconds), uncommitted: false };
}

import path from 'node:path';
import { foreignCause } from '@trailmark/core';
import { GitError } from './error.js';
import { HEAD_FACTS_ARGS, parseHeadFacts, type HeadFacts } from './head-facts.js';
import { outcomeError, type GitRunner } from './run-git.js';

/** What git prints when the directory is outside any working tree (stderr in the C locale, whose
 * first line the `GitError` message quotes). */
const NOT_A_WORK_TREE = /not a git repository|must be run in a work tree/;

/**
 * The working tree root of `runner.cwd` and, when one `rev-parse` could read them, the HEAD facts
 * (see `readHeadFacts`). Throws `GIT_NOT_A_REPOSITORY` outside a working tree, and otherwise the
 * error of `rev-parse --show-toplevel` alone when that one `rev-parse` fails.
 */
export async function findRoot(
  runner: GitRunner,
): Promise<{ root: string; head: HeadFacts | undefined }> {
  const outcome = await runner.runOutcome(HEAD_FACTS_ARGS);
  const head = parseHeadFacts(outcome);
  if (head !== undefined) return { root: path.resolve(head.toplevel), head };
  // Failing before printing anything is failing to find the repository, as --show-toplevel would.
  if (outcome.exitCode !== 0 && outcome.stdout === '') {
    const error = outcomeError(HEAD_FACTS_ARGS, runner.cwd, outcome);
    if (NOT_A_WORK_TREE.test(error.message)) throw notARepository(runner.cwd, error);
  }
  // Anything else unexpected: --show-toplevel alone says what is wrong.
  return { root: await resolveRoot(runner), head: undefined };
}

/** `rev-parse --show-toplevel` alone: its error names what is wrong with `runner.cwd`. */
async function resolveRoot(runner: GitRunner): Promise<string> {
  try {
    const out = await runner.run(['rev-parse', '--show-toplevel']);
    return path.resolve(out.trim());
  } catch (err) {
    if (err instanceof GitError && NOT_A_WORK_TREE.test(err.message))
      throw notARepository(runner.cwd, err);
    throw err;
  }
}

function notARepository(cwd: string, err: GitError): GitError {
  return new GitError('GIT_NOT_A_REPOSITORY', `${cwd} is not inside a git working tree`, {
    cause: foreignCause(err),
  });
}

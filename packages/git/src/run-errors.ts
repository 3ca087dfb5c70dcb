import { foreignCause, scrubSecrets } from '@trailmark/core';
import { GitError } from './error.js';
import type { GitOutcome } from './run-git.js';

/** The exit status of a failed `execFile`, when the process ran at all. */
export function exitCodeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The `GIT_COMMAND_FAILED` error of a run that exited with `outcome`, as `run` throws it. */
export function outcomeError(args: readonly string[], cwd: string, outcome: GitOutcome): GitError {
  return commandFailed(args, cwd, `exit ${outcome.exitCode}`, outcome.stderr, outcome);
}

/** What a failed `execFile` had read from stdout, or `''`. */
export function stdoutOf(err: unknown): string {
  const stdout = (err as { stdout?: unknown } | null)?.stdout;
  return typeof stdout === 'string' ? stdout : '';
}

/** git's stderr of a failed `execFile`, or `''`. */
export function stderrOf(err: unknown): string {
  const stderr = (err as { stderr?: unknown } | null)?.stderr;
  return typeof stderr === 'string' ? stderr : '';
}

/** The `GitError` of a failed `execFile` of `git args` in `cwd`. */
export function toGitError(
  err: unknown,
  gitBinary: string,
  cwd: string,
  args: readonly string[],
): GitError {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'EACCES') {
    return new GitError(
      'GIT_NOT_INSTALLED',
      `git could not be started ("${gitBinary}"): is git installed?`,
      { cause: foreignCause(err) },
    );
  }
  const status =
    typeof code === 'number' ? `exit ${code}` : typeof code === 'string' ? code : 'killed';
  return commandFailed(args, cwd, status, stderrOf(err), err);
}

function commandFailed(
  args: readonly string[],
  cwd: string,
  status: string,
  stderr: string,
  err: unknown,
): GitError {
  // git echoes remote URLs (with any `user:token@`) and headers: only a scrubbed first line is kept,
  // and the cause keeps neither stderr nor the command line.
  const detail = scrubSecrets(firstLine(stderr));
  const message = `git ${args.join(' ')} failed in ${cwd} (${status})${detail === '' ? '' : `: ${detail}`}`;
  return new GitError('GIT_COMMAND_FAILED', message, { cause: foreignCause(err) });
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0] ?? '';
}

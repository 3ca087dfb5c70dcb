import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { exitCodeOf, stderrOf, stdoutOf, toGitError } from './run-errors.js';
import type { OffThreadExec } from './off-thread.js';

export { exitCodeOf, outcomeError, stderrOf } from './run-errors.js';

const execFileAsync = promisify(execFile);

/** Blame of a 100k-line file with long author names stays far below this. */
const MAX_BUFFER = 256 * 1024 * 1024;

/** Options in front of every command: unquoted UTF-8 paths, pathspecs taken literally. */
const GLOBAL_ARGS = ['-c', 'core.quotepath=off', '--literal-pathspecs'];

/**
 * Variables that point git at another repository, index or object store (`git rev-parse
 * --local-env-vars`). A hook or a parent git may have set them; the client is rooted at its `cwd`.
 */
const REPOSITORY_ENV = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_DIR',
  'GIT_GRAFT_FILE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_OBJECT_DIRECTORY',
  'GIT_PREFIX',
  'GIT_REPLACE_REF_BASE',
  'GIT_SHALLOW_FILE',
  'GIT_WORK_TREE',
];

/** Runs git in one directory, without a shell. */
export interface GitRunner {
  /** The directory git runs in. */
  readonly cwd: string;
  /** stdout of a successful run; throws `GitError` otherwise. */
  run(args: readonly string[]): Promise<string>;
  /** Like `run`, but `undefined` when git exits with one of `exitCodes`. */
  runAllowing(args: readonly string[], exitCodes: readonly number[]): Promise<string | undefined>;
  /**
   * stdout, stderr and exit status of a run that may fail; throws `GitError` only when git could
   * not be started or did not exit normally. Always started from the calling thread.
   */
  runOutcome(args: readonly string[]): Promise<GitOutcome>;
}

/** What one git process printed and how it exited. */
export interface GitOutcome {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * A runner for `gitBinary` in `cwd`: no prompts, C locale, no optional locks; with `offThread`, the
 * processes are started from that worker thread instead of this one.
 */
export function createGitRunner(
  gitBinary: string,
  cwd: string,
  offThread?: OffThreadExec,
): GitRunner {
  const env = childEnv();
  const options = { cwd, env, encoding: 'utf8', maxBuffer: MAX_BUFFER, windowsHide: true } as const;
  const exec = async (args: readonly string[]): Promise<string> => {
    const all = [...GLOBAL_ARGS, ...args];
    if (offThread) return await offThread.run(gitBinary, all, options);
    return (await execFileAsync(gitBinary, all, options)).stdout;
  };
  const run = async (
    args: readonly string[],
    exitCodes: readonly number[] = [],
  ): Promise<string | undefined> => {
    try {
      return await exec(args);
    } catch (err) {
      if (exitCodes.includes(exitCodeOf(err) ?? -1)) return undefined;
      throw toGitError(err, gitBinary, cwd, args);
    }
  };
  return {
    cwd,
    run: async (args) => (await run(args)) ?? '',
    runAllowing: run,
    runOutcome: async (args) => {
      try {
        const { stdout, stderr } = await execFileAsync(
          gitBinary,
          [...GLOBAL_ARGS, ...args],
          options,
        );
        return { stdout, stderr, exitCode: 0 };
      } catch (err) {
        const exitCode = exitCodeOf(err);
        if (exitCode === undefined) throw toGitError(err, gitBinary, cwd, args);
        return { stdout: stdoutOf(err), stderr: stderrOf(err), exitCode };
      }
    },
  };
}

/** The parent environment minus repository pointers, plus no prompts, C locale, no optional locks. */
function childEnv(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(([name]) => !REPOSITORY_ENV.includes(name));
  return {
    ...Object.fromEntries(kept),
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
}

import { afterAll, beforeAll } from 'vitest';
import { createTempDir, createTempGitRepo } from '@trailmark/testing';
import type { CommitSpec, TempDir, TempGitRepo } from '@trailmark/testing';
import { createLoggingGit, type LoggingGit } from './logging-git.js';

/** One commit by Alice with one template-like file, the start of most fixture repositories. */
export const first: CommitSpec = {
  author: { name: 'Alice', email: 'alice@example.com' },
  message: 'first',
  files: { 'a/b/c.yaml': 'kind: ConfigMap\n' },
};

/** What {@link useGitFixtures} gives a test file: the logging git and temp repos, all cleaned up. */
export interface GitFixtures {
  /** The logging git wrapper (available inside tests, after `beforeAll`). */
  git: () => LoggingGit;
  /** A real repository with `commits` (and an `origin` remote when given). */
  repoWith: (commits: CommitSpec[], remote?: string) => Promise<TempGitRepo>;
  /** An empty temp directory. */
  tempDir: () => Promise<TempDir>;
  /** The facts and git calls of a client opened at `cwd` through the logging git. */
  factsOf: (cwd: string) => ReturnType<LoggingGit['factsOf']>;
}

/** Registers the suite's logging git and cleanup hooks; returns the fixture makers. */
export function useGitFixtures(): GitFixtures {
  let git: LoggingGit | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    git = await createLoggingGit();
  });
  afterAll(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    await git?.cleanup();
  });
  const current = (): LoggingGit => {
    if (git === undefined) throw new Error('the logging git is made in beforeAll');
    return git;
  };
  const track = <T extends { cleanup(): Promise<void> }>(made: T): T => {
    cleanups.push(() => made.cleanup());
    return made;
  };
  return {
    git: current,
    repoWith: async (commits, remote) =>
      track(await createTempGitRepo({ commits, ...(remote ? { remote } : {}) })),
    tempDir: async () => track(await createTempDir()),
    factsOf: (cwd) => current().factsOf(cwd),
  };
}

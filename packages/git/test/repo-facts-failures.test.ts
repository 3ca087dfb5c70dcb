import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, createTempGitRepo } from '@trailmark/testing';
import type { CommitSpec, TempGitRepo } from '@trailmark/testing';
import { TWO, createLoggingGit, readCalls, type LoggingGit } from './logging-git.js';

const first: CommitSpec = {
  author: { name: 'Alice', email: 'alice@example.com' },
  message: 'first',
  files: { 'a/b/c.yaml': 'kind: ConfigMap\n' },
};

let git: LoggingGit;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  git = await createLoggingGit();
});

afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
  await git.cleanup();
});

async function repoWith(commits: CommitSpec[], remote?: string): Promise<TempGitRepo> {
  const repo = await createTempGitRepo({ commits, ...(remote ? { remote } : {}) });
  cleanups.push(() => repo.cleanup());
  return repo;
}

const factsOf = (cwd: string) => git.factsOf(cwd);

describe('createGitClient failures keep their messages', () => {
  it('outside a repository, from one process', async () => {
    const dir = await createTempDir();
    cleanups.push(() => dir.cleanup());
    const error = await factsOf(dir.path).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'GIT_NOT_A_REPOSITORY',
      message: `${dir.path} is not inside a git working tree`,
    });
    expect(readCalls(git.logFile)).toEqual([TWO[0]]);
  });

  it('in a repository git refuses as owned by someone else (safe.directory)', async () => {
    const repo = await repoWith([first]);
    process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER = '1';
    try {
      const error = await factsOf(repo.path).catch((err: unknown) => err);
      expect(error).toMatchObject({
        code: 'GIT_COMMAND_FAILED',
        message: `git rev-parse --show-toplevel failed in ${repo.path} (exit 128): fatal: detected dubious ownership in repository at '${repo.path}'`,
      });
    } finally {
      delete process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER;
    }
  });

  it('ignores a GIT_DIR pointing at another repository', async () => {
    const repo = await repoWith([first], 'https://github.com/acme/shop.git');
    const other = await repoWith([first], 'https://github.com/acme/other.git');
    process.env.GIT_DIR = path.join(other.path, '.git');
    try {
      const { facts, calls } = await factsOf(repo.path);
      expect(facts).toMatchObject({ root: repo.path, remoteUrl: 'https://github.com/acme/shop' });
      expect(calls).toEqual(TWO);
    } finally {
      delete process.env.GIT_DIR;
    }
  });
});

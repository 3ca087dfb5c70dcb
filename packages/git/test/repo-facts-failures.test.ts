import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { first, useGitFixtures } from './git-fixtures.js';
import { TWO, readCalls } from './logging-git.js';

const { git, repoWith, tempDir, factsOf } = useGitFixtures();

describe('createGitClient failures keep their messages', () => {
  it('outside a repository, from one process', async () => {
    const dir = await tempDir();
    const error = await factsOf(dir.path).catch((err: unknown) => err);
    expect(error).toMatchObject({
      code: 'GIT_NOT_A_REPOSITORY',
      message: `${dir.path} is not inside a git working tree`,
    });
    expect(readCalls(git().logFile)).toEqual([TWO[0]]);
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

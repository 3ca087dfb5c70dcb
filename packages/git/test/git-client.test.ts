import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitError, createGitClient } from '@trailmark/git';
import { createTempDir, createTempGitRepo, writeTree } from '@trailmark/testing';
import type { TempGitRepo } from '@trailmark/testing';

const author = { name: 'Alice', email: 'alice@example.com' };
let repo: TempGitRepo;

beforeAll(async () => {
  repo = await createTempGitRepo({
    commits: [
      {
        author,
        message: 'fixture',
        files: {
          '.gitignore': 'ignored/\n*.log\n',
          'charts/shop/templates/deploy.yaml': 'kind: Deployment\n',
          'charts/shop/values.yaml': 'image: shop\n',
          'gone.yaml': 'x\n',
          'ü file.yaml': 'kind: ConfigMap\n',
        },
      },
    ],
  });
  await writeTree(repo.path, {
    'new.yaml': 'x\n',
    'ignored/a.yaml': 'x\n',
    'debug.log': 'x\n',
    'nested/file.yaml': 'x\n',
  });
  await repo.git('rm', '-q', '--cached', 'charts/shop/values.yaml');
  await rm(path.join(repo.path, 'gone.yaml'));
});

afterAll(async () => {
  await repo.cleanup();
});

describe('createGitClient', () => {
  it('resolves the repository root from a subdirectory', async () => {
    const client = await createGitClient({ cwd: path.join(repo.path, 'charts', 'shop') });
    expect((await client.readRepoFacts()).root).toBe(repo.path);
  });

  it('throws GIT_NOT_A_REPOSITORY naming a directory outside any repository', async () => {
    const dir = await createTempDir();
    try {
      const error = await createGitClient({ cwd: dir.path }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(GitError);
      expect(error).toMatchObject({
        code: 'GIT_NOT_A_REPOSITORY',
        message: expect.stringContaining(dir.path) as string,
      });
      expect((error as Error).cause).toBeDefined();
    } finally {
      await dir.cleanup();
    }
  });

  it('throws GIT_NOT_A_REPOSITORY for a missing directory and for the .git directory', async () => {
    const missing = path.join(repo.path, 'does-not-exist');
    await expect(createGitClient({ cwd: missing })).rejects.toMatchObject({
      code: 'GIT_NOT_A_REPOSITORY',
    });
    await expect(createGitClient({ cwd: path.join(repo.path, '.git') })).rejects.toMatchObject({
      code: 'GIT_NOT_A_REPOSITORY',
    });
  });

  it('throws GIT_NOT_INSTALLED when the git binary cannot be started', async () => {
    const gitBinary = path.join(repo.path, 'no-such-git');
    await expect(createGitClient({ cwd: repo.path, gitBinary })).rejects.toMatchObject({
      code: 'GIT_NOT_INSTALLED',
    });
  });
});

describe('listFiles', () => {
  it('lists tracked and untracked files that exist, not ignored or deleted ones, sorted', async () => {
    await mkdir(path.join(repo.path, 'empty-dir'), { recursive: true });
    const client = await createGitClient({ cwd: path.join(repo.path, 'charts') });
    expect(await client.listFiles()).toEqual([
      '.gitignore',
      'charts/shop/templates/deploy.yaml',
      'charts/shop/values.yaml',
      'nested/file.yaml',
      'new.yaml',
      'ü file.yaml',
    ]);
  });
});

describe('isTracked', () => {
  it('is true only for files in the index, taking the path literally', async () => {
    const client = await createGitClient({ cwd: repo.path });
    expect(await client.isTracked('charts/shop/templates/deploy.yaml')).toBe(true);
    expect(await client.isTracked('ü file.yaml')).toBe(true);
    expect(await client.isTracked('./.gitignore')).toBe(true);
    expect(await client.isTracked('gone.yaml')).toBe(true);
    expect(await client.blameFile('gone.yaml')).toBeUndefined();
    expect(await client.isTracked('new.yaml')).toBe(false);
    expect(await client.isTracked('charts/shop/values.yaml')).toBe(false);
    expect(await client.isTracked('charts')).toBe(false);
    expect(await client.isTracked('*.yaml')).toBe(false);
    expect(await client.isTracked('charts/*/templates/deploy.yaml')).toBe(false);
  });
});

import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitClient } from '@trailmark/git';
import { createTempDir, createTempGitRepo, writeTree } from '@trailmark/testing';
import type { TempDir, TempGitRepo } from '@trailmark/testing';

const alice = { name: 'Alice Example', email: 'alice@example.com' };
const bob = { name: 'Bob Example', email: 'bob@example.com' };
const carol = { name: 'Carol Example', email: 'carol@example.com' };

let repo: TempGitRepo;

beforeAll(async () => {
  repo = await createTempGitRepo({
    commits: [
      {
        author: alice,
        date: '2024-01-10T09:00:00Z',
        message: 'add deployment',
        files: {
          'deploy.yaml': 'kind: Deployment\nname: shop\nreplicas: 1\nimage: shop:1\n',
          'old.yaml': 'x\n',
        },
      },
      {
        author: bob,
        date: '2024-02-03T10:00:00+02:00',
        message: 'rename, add env',
        files: {
          'deploy.yaml':
            'kind: Deployment\nname: shop-api\nreplicas: 1\nimage: shop:1\nenv: prod\n',
          'old.yaml': null,
        },
      },
      {
        author: carol,
        date: '2024-03-01T12:30:00-05:00',
        message: 'bump image, add service',
        files: {
          'deploy.yaml':
            'kind: Deployment\nname: shop-api\nreplicas: 1\nimage: shop:2\nenv: prod\n',
          'charts/svc.yaml': 'kind: Service\n',
        },
      },
    ],
  });
});

afterAll(async () => {
  await repo.cleanup();
});

describe('blameFile', () => {
  it('attributes each line to the commit, author and UTC date that introduced it', async () => {
    const client = await createGitClient({ cwd: repo.path });
    const blame = await client.blameFile('deploy.yaml');
    expect(blame?.path).toBe('deploy.yaml');
    expect(blame?.lines.map((line) => line?.name)).toEqual([
      alice.name,
      bob.name,
      alice.name,
      carol.name,
      bob.name,
    ]);
    expect(blame?.lines[0]).toEqual({
      commit: repo.commits[0],
      ...alice,
      date: '2024-01-10T09:00:00Z',
      uncommitted: false,
    });
    expect(blame?.lines[1]).toEqual({
      commit: repo.commits[1],
      ...bob,
      date: '2024-02-03T08:00:00Z',
      uncommitted: false,
    });
    expect(blame?.lines[3]).toEqual({
      commit: repo.commits[2],
      ...carol,
      date: '2024-03-01T17:30:00Z',
      uncommitted: false,
    });
  });

  it('marks lines changed in the working tree as uncommitted and keeps the rest', async () => {
    const dirty = await createTempGitRepo({
      commits: [{ author: alice, message: 'add', files: { 'a.yaml': 'one\ntwo\nthree\n' } }],
    });
    try {
      await writeTree(dirty.path, { 'a.yaml': 'one\nTWO\nthree\n', 'new.yaml': 'fresh\n' });
      await dirty.git('add', 'new.yaml');
      const client = await createGitClient({ cwd: dirty.path });
      const blame = await client.blameFile('a.yaml');
      expect(blame?.lines.map((line) => line?.uncommitted)).toEqual([false, true, false]);
      expect(blame?.lines[1]?.commit).toBe('0'.repeat(40));
      expect(blame?.lines[2]).toMatchObject({ commit: dirty.commits[0], name: alice.name });
      expect((await client.blameFile('new.yaml'))?.lines).toEqual([
        expect.objectContaining({ uncommitted: true }),
      ]);
    } finally {
      await dirty.cleanup();
    }
  });

  it('gives undefined for untracked, missing, deleted and directory paths', async () => {
    await writeTree(repo.path, { 'untracked.yaml': 'kind: ConfigMap\n' });
    const client = await createGitClient({ cwd: repo.path });
    expect(await client.blameFile('untracked.yaml')).toBeUndefined();
    expect(await client.blameFile('nope.yaml')).toBeUndefined();
    expect(await client.blameFile('old.yaml')).toBeUndefined();
    expect(await client.blameFile('charts')).toBeUndefined();
  });

  it('runs git blame once per file however often and concurrently it is asked', async () => {
    const bin = await countingGit();
    try {
      const client = await createGitClient({ cwd: repo.path, gitBinary: bin.git });
      const first = await Promise.all([
        client.blameFile('deploy.yaml'),
        client.blameFile('./deploy.yaml'),
      ]);
      const again = await client.blameFile('deploy.yaml');
      await client.blameFile('charts/svc.yaml');
      expect(again).toBe(first[0]);
      expect(first[1]).toBe(first[0]);
      expect(await bin.calls('blame')).toEqual([
        'blame --porcelain -- deploy.yaml',
        'blame --porcelain -- charts/svc.yaml',
      ]);
    } finally {
      await bin.cleanup();
    }
  });
});

describe('lastCommit', () => {
  it('names the last commit that touched the file, also from a subdirectory', async () => {
    const client = await createGitClient({ cwd: path.join(repo.path, 'charts') });
    expect(await client.lastCommit('deploy.yaml')).toEqual({
      commit: repo.commits[2],
      ...carol,
      date: '2024-03-01T17:30:00Z',
      uncommitted: false,
    });
    expect((await client.lastCommit('old.yaml'))?.commit).toBe(repo.commits[1]);
  });

  it('gives undefined for a file no commit touched', async () => {
    const client = await createGitClient({ cwd: repo.path });
    await writeTree(repo.path, { 'later.yaml': 'x\n' });
    expect(await client.lastCommit('later.yaml')).toBeUndefined();
    expect(await client.lastCommit('*.yaml')).toBeUndefined();
    expect(await client.lastCommit(':(glob)**/svc.yaml')).toBeUndefined();
  });

  it('agrees with blame on authors rewritten by .mailmap', async () => {
    const mapped = await createTempGitRepo({
      commits: [
        { author: alice, message: 'add', files: { 'a.yaml': 'a\n' } },
        {
          author: bob,
          message: 'mailmap',
          files: { '.mailmap': `Alice Real <alice@real.example> <${alice.email}>\n` },
        },
      ],
    });
    try {
      const client = await createGitClient({ cwd: mapped.path });
      const expected = { name: 'Alice Real', email: 'alice@real.example' };
      expect((await client.blameFile('a.yaml'))?.lines[0]).toMatchObject(expected);
      expect(await client.lastCommit('a.yaml')).toMatchObject(expected);
    } finally {
      await mapped.cleanup();
    }
  });
});

/** A `git` wrapper that logs each invocation's arguments (without the global options). */
async function countingGit(): Promise<
  TempDir & { git: string; calls(command: string): Promise<string[]> }
> {
  const dir = await createTempDir('trailmark-git-bin-');
  const git = path.join(dir.path, 'git');
  const log = path.join(dir.path, 'calls.log');
  await writeFile(git, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec git "$@"\n`);
  await chmod(git, 0o755);
  const calls = async (command: string): Promise<string[]> => {
    const lines = (await readFile(log, 'utf8')).split('\n');
    const stripped = lines.map((line) =>
      line.replace(/^-c core\.quotepath=off --literal-pathspecs /, ''),
    );
    return stripped.filter((line) => line.startsWith(`${command} `));
  };
  return { ...dir, git, calls };
}

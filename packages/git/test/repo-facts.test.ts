import { afterEach, describe, expect, it } from 'vitest';
import { createGitClient } from '@trailmark/git';
import { createTempGitRepo, writeTree } from '@trailmark/testing';
import type { CommitSpec, TempGitRepo } from '@trailmark/testing';

const first: CommitSpec = {
  author: { name: 'Alice', email: 'alice@example.com' },
  message: 'first',
  files: { 'a.yaml': 'kind: ConfigMap\n' },
};
const second: CommitSpec = {
  author: { name: 'Bob', email: 'bob@example.com' },
  message: 'second',
  files: { 'a.yaml': 'kind: Secret\n' },
};

const repos: TempGitRepo[] = [];

async function makeRepo(options: Parameters<typeof createTempGitRepo>[0]): Promise<TempGitRepo> {
  const repo = await createTempGitRepo(options);
  repos.push(repo);
  return repo;
}

afterEach(async () => {
  await Promise.all(repos.splice(0).map((repo) => repo.cleanup()));
});

describe('readRepoFacts', () => {
  it('reads root, HEAD commit, branch ref and the normalised origin without its token', async () => {
    const repo = await makeRepo({
      commits: [first, second],
      branch: 'release',
      remote: 'https://x-access-token:ghs_TopSecret@github.com/acme/shop.git',
    });
    const client = await createGitClient({ cwd: repo.path });
    const facts = await client.readRepoFacts();
    expect(facts).toEqual({
      root: repo.path,
      commit: repo.commits[1],
      ref: 'refs/heads/release',
      remoteUrl: 'https://github.com/acme/shop',
    });
    expect(JSON.stringify(facts)).not.toContain('TopSecret');
    expect(facts.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('has no commit in a repository without commits, and blame and log answer undefined', async () => {
    const repo = await makeRepo({ commits: [] });
    await writeTree(repo.path, { 'a.yaml': 'kind: ConfigMap\n', 'b.yaml': 'x\n' });
    await repo.git('add', 'a.yaml');
    const client = await createGitClient({ cwd: repo.path });
    expect(await client.readRepoFacts()).toEqual({ root: repo.path, ref: 'refs/heads/main' });
    expect(await client.blameFile('a.yaml')).toBeUndefined();
    expect(await client.lastCommit('a.yaml')).toBeUndefined();
    expect(await client.isTracked('a.yaml')).toBe(true);
    expect(await client.listFiles()).toEqual(['a.yaml', 'b.yaml']);
  });

  it('has no ref on a detached HEAD', async () => {
    const repo = await makeRepo({ commits: [first, second] });
    await repo.git('checkout', '-q', '--detach', repo.commits[0]!);
    const facts = await (await createGitClient({ cwd: repo.path })).readRepoFacts();
    expect(facts).toEqual({ root: repo.path, commit: repo.commits[0] });
  });

  it('uses the only remote when there is no origin, and none when several are ambiguous', async () => {
    const repo = await makeRepo({ commits: [first] });
    await repo.git('remote', 'add', 'upstream', 'git@github.com:acme/shop.git');
    const client = await createGitClient({ cwd: repo.path });
    expect((await client.readRepoFacts()).remoteUrl).toBe('https://github.com/acme/shop');
    await repo.git('remote', 'add', 'fork', 'git@github.com:bob/shop.git');
    expect((await client.readRepoFacts()).remoteUrl).toBeUndefined();
    await repo.git('remote', 'add', 'origin', 'ssh://git@github.com/acme/shop-origin.git');
    expect((await client.readRepoFacts()).remoteUrl).toBe('https://github.com/acme/shop-origin');
  });

  it('leaves out a remote that is a local path', async () => {
    const repo = await makeRepo({ commits: [first], remote: '/srv/git/shop.git' });
    const facts = await (await createGitClient({ cwd: repo.path })).readRepoFacts();
    expect(facts.remoteUrl).toBeUndefined();
  });
});

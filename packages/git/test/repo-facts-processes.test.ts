import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { first, useGitFixtures } from './git-fixtures.js';
import { TWO, factsOneByOne } from './logging-git.js';

const { repoWith, tempDir, factsOf } = useGitFixtures();

describe('readRepoFacts with two git processes', () => {
  it('reads branch, commit and origin among several remotes, insteadOf applied, from a subdirectory', async () => {
    const repo = await repoWith([first], 'gh:acme/shop.git');
    await repo.git('config', 'url.https://github.com/.insteadOf', 'gh:');
    await repo.git('config', 'remote.origin.partialclonefilter', 'blob:none');
    await repo.git('remote', 'add', 'upstream', 'git@github.com:up/shop.git');
    await repo.git('config', 'remote.upstream.pushurl', 'ssh://git@github.com/up/push.git');
    const { facts, calls } = await factsOf(path.join(repo.path, 'a', 'b'));
    expect(facts).toEqual({
      root: repo.path,
      commit: repo.commits[0],
      ref: 'refs/heads/main',
      remoteUrl: 'https://github.com/acme/shop',
    });
    expect(facts).toEqual(factsOneByOne(repo.path));
    expect(calls).toEqual(TWO);
  });

  it('chooses the only remote without origin, and none among several without origin', async () => {
    const repo = await repoWith([first]);
    expect((await factsOf(repo.path)).facts.remoteUrl).toBeUndefined();
    await repo.git('remote', 'add', 'upstream', 'ssh://git@GitHub.com:22/acme/shop.git/');
    const one = await factsOf(repo.path);
    expect(one.facts.remoteUrl).toBe('https://github.com/acme/shop');
    expect(one.facts).toEqual(factsOneByOne(repo.path));
    await repo.git('remote', 'add', 'fork', 'https://user:tok@github.com/bob/shop');
    const several = await factsOf(repo.path);
    expect(several.facts.remoteUrl).toBeUndefined();
    expect(several.facts).toEqual(factsOneByOne(repo.path));
    expect([one.calls, several.calls]).toEqual([TWO, TWO]);
  });

  it('has no ref on a detached HEAD', async () => {
    const repo = await repoWith([first, { ...first, message: 'second', files: { x: 'y\n' } }]);
    await repo.git('checkout', '-q', '--detach', repo.commits[0]!);
    const { facts, calls } = await factsOf(repo.path);
    expect(facts).toEqual({ root: repo.path, commit: repo.commits[0] });
    expect(facts).toEqual(factsOneByOne(repo.path));
    expect(calls).toEqual(TWO);
  });

  it('asks symbolic-ref for the branch of an unborn HEAD (a third process)', async () => {
    const repo = await repoWith([], 'git@github.com:acme/new.git');
    await mkdir(path.join(repo.path, 'sub'));
    const { facts, calls } = await factsOf(path.join(repo.path, 'sub'));
    expect(facts).toEqual({
      root: repo.path,
      ref: 'refs/heads/main',
      remoteUrl: 'https://github.com/acme/new',
    });
    expect(facts).toEqual(factsOneByOne(repo.path));
    expect(calls).toEqual([...TWO, 'symbolic-ref -q HEAD']);
  });

  it('says shallow in a shallow clone, with the clone remote', async () => {
    const origin = await repoWith([first, { ...first, message: 'two', files: { x: 'y\n' } }]);
    const dir = await tempDir();
    const clone = path.join(dir.path, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.path}`, clone]);
    const { facts, calls } = await factsOf(clone);
    expect(facts).toMatchObject({ root: clone, shallow: true, commit: origin.commits[1] });
    expect(facts.remoteUrl).toBeUndefined();
    expect(facts).toEqual(factsOneByOne(clone));
    expect(calls).toEqual(TWO);
  });

  it('reads a linked worktree and a submodule from their own subdirectories', async () => {
    const repo = await repoWith([first], 'https://github.com/acme/shop.git');
    const dir = await tempDir();
    const worktree = path.join(dir.path, 'wt');
    await repo.git('worktree', 'add', '-q', '-b', 'feature', worktree);
    const inWorktree = await factsOf(path.join(worktree, 'a'));
    expect(inWorktree.facts).toEqual({
      root: worktree,
      commit: repo.commits[0],
      ref: 'refs/heads/feature',
      remoteUrl: 'https://github.com/acme/shop',
    });
    expect(inWorktree.calls).toEqual(TWO);

    const sub = await repoWith([first], 'git@github.com:acme/lib.git');
    await repo.git(
      '-c',
      'protocol.file.allow=always',
      'submodule',
      'add',
      '-q',
      sub.path,
      'vendor/lib',
    );
    const submodule = path.join(repo.path, 'vendor', 'lib');
    const inSubmodule = await factsOf(path.join(submodule, 'a', 'b'));
    expect(inSubmodule.facts).toEqual(factsOneByOne(submodule));
    expect(inSubmodule.facts).toMatchObject({ root: submodule, commit: sub.commits[0] });
    expect(inSubmodule.calls).toEqual(TWO);
  });

  it('answers as the one-fact commands where remote -v or rev-parse cannot (fallbacks)', async () => {
    const repo = await repoWith([first]);
    // A remote with only a push URL: `remote get-url` prints its name (no web URL).
    await repo.git('config', 'remote.origin.pushurl', 'git@github.com:acme/push.git');
    const pushOnly = await factsOf(repo.path);
    expect(pushOnly.facts).toEqual(factsOneByOne(repo.path));
    expect(pushOnly.calls).toEqual([...TWO, 'remote get-url origin']);
    // `HEAD` is ambiguous with a tag named HEAD: rev-parse leaves the name out and says so.
    await repo.git('update-ref', 'refs/tags/HEAD', 'HEAD');
    const ambiguous = await factsOf(repo.path);
    expect(ambiguous.facts).toEqual(factsOneByOne(repo.path));
    expect(ambiguous.facts.ref).toBe('refs/heads/main');
    expect(ambiguous.calls).toContain('symbolic-ref -q HEAD');
  });
});

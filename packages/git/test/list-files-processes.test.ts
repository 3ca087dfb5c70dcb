import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempGitRepo, type TempGitRepo } from '@trailmark/testing';
import { TWO, createLoggingGit, readCalls, type LoggingGit } from './logging-git.js';

let git: LoggingGit;
let repo: TempGitRepo;

beforeAll(async () => {
  git = await createLoggingGit();
  const author = { name: 'A', email: 'a@example.org' };
  const files = {
    '.gitignore': 'ignored/\n',
    'gone.yaml': 'x\n',
    'keep.yaml': 'k\n',
    'u.yaml': 'u\n',
  };
  repo = await createTempGitRepo({ commits: [{ author, message: 'one', files }] });
  await repo.git('update-index', '--skip-worktree', 'keep.yaml');
  await repo.git('rm', '-q', '--cached', 'u.yaml');
  await rm(path.join(repo.path, 'gone.yaml'));
  await rm(path.join(repo.path, 'keep.yaml'));
  await mkdir(path.join(repo.path, 'ignored'));
  await writeFile(path.join(repo.path, 'ignored', 'a.yaml'), 'i\n');
  await writeFile(path.join(repo.path, 'new file.yaml'), 'n\n');
  execFileSync('git', ['init', '-q', path.join(repo.path, 'inner')]);
});

afterAll(async () => {
  await repo.cleanup();
  await git.cleanup();
});

/** `ls-files --cached --others --exclude-standard` minus `ls-files --deleted`, run by the test. */
function listedByTwoCommands(cwd: string): string[] {
  const ls = (...args: string[]): string[] =>
    execFileSync('git', ['-c', 'core.quotepath=off', 'ls-files', '-z', ...args], {
      cwd,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((entry) => entry !== '');
  const gone = new Set(ls('--deleted'));
  const listed = ls('--cached', '--others', '--exclude-standard');
  return [...new Set(listed.filter((f) => !gone.has(f) && !f.endsWith('/')))].sort();
}

describe('listFiles', () => {
  it('lists with one ls-files what the two commands list (skip-worktree, deleted, untracked)', async () => {
    const client = await git.clientOf(repo.path);
    const files = await client.listFiles();
    expect(files).toEqual(['.gitignore', 'keep.yaml', 'new file.yaml', 'u.yaml']);
    expect(files).toEqual(listedByTwoCommands(repo.path));
    expect(readCalls(git.logFile)).toEqual([
      TWO[0],
      'ls-files -z -t --cached --others --deleted --exclude-standard',
    ]);
  });
});

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitClient } from '@trailmark/git';
import { createTempDir, createTempGitRepo } from '@trailmark/testing';

describe('readRepoFacts in a shallow clone', () => {
  it('says so, because blame then credits the clone boundary', async () => {
    const author = { name: 'A', email: 'a@example.org' };
    const origin = await createTempGitRepo({
      commits: [
        { author, message: 'one', files: { 'a.txt': 'one\n' } },
        { author, message: 'two', files: { 'b.txt': 'two\n' } },
      ],
    });
    const dir = await createTempDir();
    try {
      const clone = join(dir.path, 'clone');
      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.path}`, clone]);
      expect((await (await createGitClient({ cwd: clone })).readRepoFacts()).shallow).toBe(true);
      expect(
        (await (await createGitClient({ cwd: origin.path })).readRepoFacts()).shallow,
      ).toBeUndefined();
    } finally {
      await dir.cleanup();
      await origin.cleanup();
    }
  });
});

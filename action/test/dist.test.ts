import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, createTempDir, type TempDir } from '@trailmark/testing';

// The committed bundle must be what the sources build today: rebuild into a temp dir, compare bytes.
// When this fails, run `pnpm build:action` and commit action/dist and action/res with the change.
describe('action/dist is not stale', () => {
  let tmp: TempDir;
  const committed = join(REPO_ROOT, 'action');

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-action-build-');
    execFileSync(process.execPath, [join(committed, 'scripts/build.mjs'), '--outdir', tmp.path], {
      cwd: REPO_ROOT,
      stdio: 'pipe',
    });
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it.each(['dist', 'res/schema'])('%s holds exactly the rebuilt files, byte for byte', (dir) => {
    const rebuilt = readdirSync(join(tmp.path, dir)).sort();
    expect(
      readdirSync(join(committed, dir)).sort(),
      `files in action/${dir} (run pnpm build:action)`,
    ).toEqual(rebuilt);
    for (const name of rebuilt) {
      const same = readFileSync(join(committed, dir, name)).equals(
        readFileSync(join(tmp.path, dir, name)),
      );
      expect(same, `action/${dir}/${name} is stale: run pnpm build:action and commit it`).toBe(
        true,
      );
    }
  });
});

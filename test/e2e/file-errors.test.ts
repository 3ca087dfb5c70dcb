import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, runTrailmark, writeTree, type TempDir } from '@trailmark/testing';

// Every ordinary filesystem error of every command, through the built CLI: exit 2, exactly one
// stderr line naming the path, no stack trace, nothing on stdout, and the directory exactly as it
// was (no output, no temporary file, no directory created). Issue 8 §3.

const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
const LOCKFILE =
  '{"name":"x","version":"1.0.0","lockfileVersion":3,"packages":{"":{"name":"x","version":"1.0.0"}}}\n';
const BOM = '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}\n';
const PAIR = generateKeyPairSync('ed25519');
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const KEY = ['--key', 'signing.key'];

const FILES: Record<string, string> = {
  'm.yaml': MANIFEST,
  'package-lock.json': LOCKFILE,
  'app/package-lock.json': LOCKFILE,
  'bom.json': BOM,
  'signing.key': PAIR.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  'signing.pub': PAIR.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  file: 'a regular file where a directory is expected\n',
  'd/keep': '',
  'out/sub/keep': '',
};

// [what, argv, the path the message must name (as the user gave it)]
const CASES: [string, string[], string][] = [
  ['sbom on a missing folder', ['sbom', 'nope'], 'nope'],
  ['sbom on a regular file', ['sbom', 'file'], 'file'],
  ['sbom with a missing --manifests file', ['sbom', '.', '--manifests', 'nope.yaml'], 'nope.yaml'],
  ['sbom with a missing --merge file', ['sbom', '.', '--merge', 'nope.json'], 'nope.json'],
  ['sbom with a directory as --merge', ['sbom', '.', '--merge', 'd'], 'd'],
  ['sbom -o an existing directory', ['sbom', '.', '-o', 'd'], 'd'],
  ['sbom -o under a regular file', ['sbom', '.', '-o', 'file/bom.json'], 'file/bom.json'],
  ['stamp on a missing file', ['stamp', 'nope.yaml'], 'nope.yaml'],
  ['stamp with a missing values file', ['stamp', 'm.yaml', '-f', 'nope.yaml'], 'nope.yaml'],
  ['stamp -o an existing directory', ['stamp', 'm.yaml', '-o', 'd'], 'd'],
  [
    'stamp -o under a regular file (EEXIST)',
    ['stamp', 'm.yaml', '-o', 'file/x.yaml'],
    'file/x.yaml',
  ],
  [
    'stamp -o deeper under a regular file (ENOTDIR)',
    ['stamp', 'm.yaml', '-o', 'file/a/x.yaml'],
    'file/a/x.yaml',
  ],
  [
    'stamp whose second output is a directory (the half-written case)',
    ['stamp', 'm.yaml', '-o', 'out/x.yaml', '--origin-out', 'out/sub'],
    'out/sub',
  ],
  [
    'stamp whose second output fails after the first created directories',
    ['stamp', 'm.yaml', '-o', 'new/deep/x.yaml', '--origin-out', 'file/origin.json'],
    'file/origin.json',
  ],
  [
    'stamp naming one file as two outputs',
    ['stamp', 'm.yaml', '-o', 'out/x.yaml', '--origin-out', 'out/x.yaml'],
    'out/x.yaml',
  ],
  ['attest --origin on a missing file', ['attest', '--origin', 'nope.json', ...KEY], 'nope.json'],
  ['attest --sbom on a directory', ['attest', '--sbom', 'd', ...KEY], 'd'],
  [
    'attest --manifests on a missing file',
    ['attest', '--manifests', 'nope.yaml', ...KEY],
    'nope.yaml',
  ],
  [
    'attest with a missing --key',
    ['attest', '--image', `ghcr.io/acme/shop@${DIGEST}`, '--key', 'nope.key'],
    'nope.key',
  ],
  [
    'attest -o under a regular file',
    ['attest', '--sbom', 'bom.json', '--manifests', 'm.yaml', ...KEY, '-o', 'file/att'],
    'file/att/sbom.sigstore.json',
  ],
  ['keygen under a regular file', ['keygen', 'file'], 'file/trailmark.key'],
  [
    'bundle verify-bundle with a missing bundle',
    ['bundle', 'verify-bundle', 'm.yaml', '--bundle', 'nope.json', '--key', 'signing.pub'],
    'nope.json',
  ],
];

// Permission cases: root ignores file modes, so a root test process runs the CLI without the
// capabilities that allow that (setpriv); it stays uid 0, so it can read a clone in any directory.
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const PERMISSION_CASES: [string, string[], string][] = [
  ['stamp on an unreadable file (EACCES)', ['stamp', 'secret.yaml'], 'secret.yaml'],
  ['sbom on an unreadable folder (EACCES)', ['sbom', 'locked'], 'locked'],
  [
    'sbom with an unreadable --merge (EACCES)',
    ['sbom', 'app', '--merge', 'secret.json'],
    'secret.json',
  ],
  [
    'stamp -o into a read-only directory (EACCES)',
    ['stamp', 'm.yaml', '-o', 'ro/x.yaml'],
    'ro/x.yaml',
  ],
  [
    'sbom -o into a read-only directory (EACCES)',
    ['sbom', 'app', '-o', 'ro/bom.json'],
    'ro/bom.json',
  ],
  ['keygen into a read-only directory (EACCES)', ['keygen', 'ro'], 'ro/trailmark.key'],
];

describe('ordinary file errors exit 2 with one line and leave nothing behind', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('trailmark-file-errors-');
    await writeTree(dir.path, FILES);
  });
  afterEach(() => dir.cleanup());

  const expectOneLineAndNothingWritten = async (
    args: string[],
    named: string,
    withoutFileCapabilities = false,
  ): Promise<string> => {
    const before = await snapshot(dir.path);
    const run = await runTrailmark(args, { cwd: dir.path, withoutFileCapabilities });
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^trailmark: error: /);
    expect(lines[0]).toContain(named);
    expect(run.stderr).not.toMatch(/\n\s+at |internal error|\.tmp/);
    expect(run.stdout).toBe('');
    expect(await snapshot(dir.path)).toEqual(before);
    return lines[0] ?? '';
  };

  it.each(CASES)('%s', async (_what, args, named) => {
    await expectOneLineAndNothingWritten(args, named);
  });

  it('the half-written case: the first output is not left behind when the second fails', async () => {
    const run = await runTrailmark(
      ['stamp', 'm.yaml', '-o', 'out/x.yaml', '--origin-out', 'out/sub'],
      { cwd: dir.path },
    );
    expect(run.code).toBe(2);
    expect(existsSync(join(dir.path, 'out/x.yaml'))).toBe(false);
    expect(await readdir(join(dir.path, 'out'))).toEqual(['sub']);
  });

  it('an existing output is kept byte for byte when a later output of the run fails', async () => {
    await writeTree(dir.path, { 'out/x.yaml': 'previous\n' });
    const run = await runTrailmark(
      ['stamp', 'm.yaml', '-o', 'out/x.yaml', '--origin-out', 'file/origin.json'],
      { cwd: dir.path },
    );
    expect(run.code).toBe(2);
    expect(await readFile(join(dir.path, 'out/x.yaml'), 'utf8')).toBe('previous\n');
  });

  // A rename that fails after another output was already renamed into place: in a sticky
  // directory owned by someone else, a process without CAP_FOWNER may replace its own file but not
  // another user's. Needs root (to hand files to another user).
  it.runIf(AS_ROOT)(
    'when a rename fails late, outputs already renamed are rolled back (the old file restored)',
    async () => {
      await writeTree(dir.path, { 'out1.yaml': 'previous\n', 'out2.json': "someone else's\n" });
      await chmod(dir.path, 0o1777);
      await chown(dir.path, NOBODY.uid, NOBODY.gid);
      await chown(join(dir.path, 'out2.json'), NOBODY.uid, NOBODY.gid);
      const before = await snapshot(dir.path);
      const run = await runTrailmark(
        ['stamp', 'm.yaml', '-o', 'out1.yaml', '--origin-out', 'out2.json'],
        { cwd: dir.path, withoutFileCapabilities: true },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'trailmark: error: out2.json: cannot write the origin records (--origin-out): operation not permitted\n',
      );
      expect(await snapshot(dir.path)).toEqual(before);
    },
  );

  it.runIf(existsSync('/dev/full'))('a full device (ENOSPC) is exit 2 naming it', async () => {
    await expectOneLineAndNothingWritten(['stamp', 'm.yaml', '-o', '/dev/full'], '/dev/full');
  });

  describe(`permissions (${AS_ROOT ? 'root without file capabilities' : 'as this user'})`, () => {
    beforeEach(async () => {
      await writeTree(dir.path, { 'secret.yaml': MANIFEST, 'secret.json': BOM, 'locked/x': '' });
      await chmod(join(dir.path, 'secret.yaml'), 0o000);
      await chmod(join(dir.path, 'secret.json'), 0o000);
      await chmod(join(dir.path, 'locked'), 0o000);
      await writeTree(dir.path, { 'ro/keep': '' });
      await chmod(join(dir.path, 'ro'), 0o555);
    });
    afterEach(async () => {
      // So that cleanup can enter and remove everything.
      await chmod(join(dir.path, 'locked'), 0o755);
      await chmod(join(dir.path, 'ro'), 0o755);
    });

    it.each(PERMISSION_CASES)('%s', async (_what, args, named) => {
      const line = await expectOneLineAndNothingWritten(args, named, AS_ROOT);
      expect(line).toMatch(/: permission denied$/);
    });
  });
});

// Every path under root with its content (directories as `/`), to compare before and after a run.
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    const key = path.slice(root.length + 1);
    if (entry.isDirectory()) out[`${key}/`] = '';
    else out[key] = await readFile(path, 'utf8').catch(() => '<unreadable>');
  }
  return out;
}

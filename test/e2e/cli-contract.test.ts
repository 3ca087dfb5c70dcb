import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  createTempDir,
  runTrailmark,
  writeTree,
  type TempDir,
} from '@trailmark/testing';

// The command-line contract every command shares (one command factory): usage errors are exit 2
// with commander's message, --version, --verbose, warnings collapsed, one --image form.

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0
        - name: side
          image: ghcr.io/acme/side:2.0
`;
const DIGEST = `sha256:${'cd'.repeat(32)}`;
const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'packages/trailmark/package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('the trailmark command line', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('trailmark-cli-');
    await writeTree(dir.path, { 'd.yaml': DEPLOYMENT });
  });
  afterEach(() => dir.cleanup());
  const run = (args: string[], input?: string) =>
    runTrailmark(args, { cwd: dir.path, ...(input === undefined ? {} : { input }) });

  it.each([
    [['bundle', 'bogus'], "unknown command 'bogus'"],
    [['bogus'], "unknown command 'bogus'"],
    [['stamp', '--bogus'], "unknown option '--bogus'"],
    [['sbom', '--bogus'], "unknown option '--bogus'"],
    [['attest', '--bogus'], "unknown option '--bogus'"],
    [['keygen', '--algorithm', 'rsa'], "option '--algorithm <name>' argument 'rsa' is invalid"],
    [['bundle', 'verify-bundle', 'x'], "required option '--bundle <file>' not specified"],
    [
      ['bundle', 'verify-bundle', '--bundle', 'b.json'],
      "missing required argument 'file-or-digest'",
    ],
    [['stamp', '--image'], "option '--image <ref@sha256:digest>' argument missing"],
    [['verify', '--bogus'], "unknown option '--bogus'"],
    [['verify', '--format', 'xml'], "option '--format <format>' argument 'xml' is invalid"],
  ])('%j is a usage error: exit 2 and commander’s message on one line', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`trailmark: error: ${message}`);
    expect(result.stdout).toBe('');
  });

  it('with no command prints the help and exits 2', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: trailmark');
  });

  it('--version prints the package version, and --help shows it', async () => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`trailmark ${VERSION}`);
    expect(help.stdout).toContain('--version');
  });

  it.each(['stamp', 'sbom', 'attest', 'keygen', 'bundle verify-bundle', 'snapshot', 'verify'])(
    '%s has the shared --verbose flag',
    async (command) => {
      const help = await run([...command.split(' '), '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--verbose');
    },
  );

  it('--image takes REF@sha256:… (the form docker and GitHub write)', async () => {
    const result = await run(['stamp', 'd.yaml', '--image', `ghcr.io/acme/web@${DIGEST}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`ghcr.io/acme/web:1.0@${DIGEST}`);
    expect(result.stderr).not.toContain('deprecated');
  });

  it('the old REF=sha256:… still works, with one collapsed deprecation line; --verbose shows each', async () => {
    const args = [
      'stamp',
      'd.yaml',
      '--image',
      `ghcr.io/acme/web=${DIGEST}`,
      '--image',
      `ghcr.io/acme/side=${DIGEST}`,
    ];
    const quiet = await run(args);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain(`ghcr.io/acme/web:1.0@${DIGEST}`);
    expect(quiet.stdout).toContain(`ghcr.io/acme/side:2.0@${DIGEST}`);
    const deprecations = (text: string) => text.split('\n').filter((l) => l.includes('deprecated'));
    expect(deprecations(quiet.stderr)).toEqual([
      'trailmark: warning: --image REF=sha256:… is deprecated: write REF@sha256:… as docker and GitHub do (×2)',
    ]);
    const verbose = await run([...args, '--verbose']);
    expect(deprecations(verbose.stderr)).toHaveLength(2);
    expect(verbose.stderr).toContain('trailmark: detail: Deployment web: d.yaml:2, no owners');
    expect(quiet.stderr).not.toContain('Deployment web');
  });

  it('a malformed --image fails while parsing, naming it', async () => {
    const result = await run(['attest', '--key', 'k', '--image', 'ghcr.io/acme/web:1.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'trailmark: error: --image ghcr.io/acme/web:1.0: expected REF@sha256:<64 hex>\n',
    );
  });

  it('an empty input stream warns "no objects" in one line', async () => {
    const result = await run(['stamp'], '');
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter((l) => l.includes('no objects'))).toEqual([
      'trailmark: warning: no objects in <stdin>: nothing stamped',
    ]);
  });
});

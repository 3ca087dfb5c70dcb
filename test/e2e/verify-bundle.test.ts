import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, createTempDir, runTrailmark, type TempDir } from '@trailmark/testing';

// The sigstore-conformance CLI protocol: `bundle verify-bundle [--staging] --bundle FILE
// (--certificate-identity ID --certificate-oidc-issuer URL | --key PUB) [--trusted-root FILE] FILE_OR_DIGEST`.
const PY = join(REPO_ROOT, 'packages/verify/test/fixtures/sigstore-python');
const JS = join(REPO_ROOT, 'packages/verify/test/fixtures/sigstore-js-bundles');
const GITHUB_OAUTH = 'https://github.com/login/oauth';

describe('trailmark bundle verify-bundle', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-verify-bundle-');
  });
  afterAll(() => dir.cleanup());
  const run = (args: string[]) =>
    runTrailmark(['bundle', 'verify-bundle', ...args], { cwd: dir.path });

  it('verifies a real staging bundle against its file, with the exact identity and issuer', async () => {
    const result = await run([
      '--staging',
      '--bundle',
      join(PY, 'bundle.txt.sigstore'),
      '--certificate-identity',
      'a@tny.town',
      '--certificate-oidc-issuer',
      GITHUB_OAUTH,
      join(PY, 'bundle.txt'),
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^OK: bundle v0\.\d verifies; signed by a@tny\.town/);
  });

  it('refuses a digest that is not a subject of a real public-good DSSE bundle', async () => {
    const statement = JSON.parse(readFileSync(join(JS, 'statement.json'), 'utf8')) as {
      subject: { digest: Record<string, string> }[];
    };
    const sha512 = statement.subject[0]?.digest.sha512;
    expect(sha512).toBeDefined();
    // The sigstore-js statement names its subject by sha512 only, so a sha256 digest must not match.
    const result = await run([
      '--bundle',
      join(JS, 'bundleV03-dsse.sigstore'),
      '--certificate-identity',
      'brian@dehamer.com',
      '--certificate-oidc-issuer',
      GITHUB_OAUTH,
      `sha256:${'0'.repeat(64)}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAILED: ARTIFACT_MISMATCH/);
  });

  it.each([
    ['a prefix of the identity', 'a@tny', GITHUB_OAUTH],
    ['a regex that would match', '.*', GITHUB_OAUTH],
    ['another issuer', 'a@tny.town', 'https://accounts.google.com'],
  ])('exits 1 for %s', async (_label, identity, issuer) => {
    const result = await run([
      '--staging',
      '--bundle',
      join(PY, 'bundle.txt.sigstore'),
      '--certificate-identity',
      identity,
      '--certificate-oidc-issuer',
      issuer,
      join(PY, 'bundle.txt'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAILED: UNTRUSTED_SIGNER/);
  });

  it('exits 1 for a tampered copy and for the wrong artifact', async () => {
    const bundle = JSON.parse(readFileSync(join(PY, 'bundle.txt.sigstore'), 'utf8')) as {
      messageSignature: { signature: string };
    };
    const signature = Buffer.from(bundle.messageSignature.signature, 'base64');
    signature[signature.length - 5] = (signature[signature.length - 5] ?? 0) ^ 0x01;
    bundle.messageSignature.signature = signature.toString('base64');
    writeFileSync(join(dir.path, 'tampered.sigstore'), JSON.stringify(bundle));
    const tampered = await run([
      '--staging',
      '--bundle',
      'tampered.sigstore',
      '--certificate-identity',
      'a@tny.town',
      '--certificate-oidc-issuer',
      GITHUB_OAUTH,
      join(PY, 'bundle.txt'),
    ]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^FAILED: SIGNATURE_INVALID/);
    const wrong = await run([
      '--staging',
      '--bundle',
      join(PY, 'bundle.txt.sigstore'),
      '--certificate-identity',
      'a@tny.town',
      '--certificate-oidc-issuer',
      GITHUB_OAUTH,
      join(PY, 'bad.txt'),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^FAILED: ARTIFACT_MISMATCH/);
  });

  it('verifies a key-signed trailmark attestation by subject digest with --key', async () => {
    expect((await runTrailmark(['keygen', 'keys'], { cwd: dir.path })).code).toBe(0);
    copyFileSync(join(PY, 'bundle.txt'), join(dir.path, 'app.txt'));
    const origin = {
      schema: 'https://trailmark.dev/origin-records/v1',
      approvers: [],
      objects: [],
    };
    writeFileSync(join(dir.path, 'origin.json'), JSON.stringify(origin));
    const digest = `sha256:${'ab'.repeat(32)}`;
    const signed = await runTrailmark(
      [
        'attest',
        '--key',
        'keys/trailmark.key',
        '--origin',
        'origin.json',
        '--image',
        `ghcr.io/acme/shop@${digest}`,
        '-o',
        'bundles',
      ],
      { cwd: dir.path },
    );
    expect(signed.code, signed.stderr).toBe(0);
    const ok = await run([
      '--bundle',
      'bundles/deployment-origin.sigstore.json',
      '--key',
      'keys/trailmark.pub',
      digest,
    ]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const other = await run([
      '--bundle',
      'bundles/deployment-origin.sigstore.json',
      '--key',
      'keys/trailmark.pub',
      `sha256:${'cd'.repeat(32)}`,
    ]);
    expect(other.code).toBe(1);
  });

  it('exits 2 for a malformed bundle or usage errors', async () => {
    writeFileSync(
      join(dir.path, 'broken.sigstore'),
      '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"',
    );
    const broken = await run([
      '--bundle',
      'broken.sigstore',
      '--certificate-identity',
      'x',
      '--certificate-oidc-issuer',
      'y',
      join(PY, 'bundle.txt'),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/trailmark: error: /);
    const noPolicy = await run([
      '--bundle',
      join(PY, 'bundle.txt.sigstore'),
      join(PY, 'bundle.txt'),
    ]);
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toMatch(
      /--certificate-identity and --certificate-oidc-issuer, or --key/,
    );
  });
});

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  createTempDir,
  runTrailmark,
  startEchoingRegistry,
  startTestSigstore,
  writeFailingGit,
  type CliRun,
  type EchoingRegistry,
  type TempDir,
  type TestSigstore,
} from '@trailmark/testing';

// issue 9 item 3: secrets planted where real runs meet them — the environment of every command,
// a git remote URL with credentials, git's stderr, a Fulcio error body quoting the identity token,
// a registry error quoting the Basic credentials — never reach stdout, stderr or a written file.
const GH_TOKEN = `ghs_L3akCanary${randomBytes(12).toString('hex')}`;
const REGISTRY_PASSWORD = `reg-pass-${randomBytes(8).toString('hex')}`;
const DIGEST = `sha256:${'4f'.repeat(32)}`;

describe('no secret reaches any output of any command', () => {
  let tmp: TempDir;
  let repo: string;
  let sigstore: TestSigstore;
  let registry: EchoingRegistry;
  let env: Record<string, string>;
  let secrets: string[];

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-leak-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    // A remote URL with credentials, as `actions/checkout` with persist-credentials leaves it.
    execFileSync('git', [
      '-C',
      repo,
      'remote',
      'set-url',
      'origin',
      `https://x-access-token:${GH_TOKEN}@github.com/acme/shop.git`,
    ]);
    sigstore = await startTestSigstore({ echoing: ['fulcio'], claims: { jti: 'leak-canary' } });
    registry = await startEchoingRegistry();
    env = {
      ...sigstore.actionsEnv,
      GITHUB_TOKEN: GH_TOKEN,
      TRAILMARK_REGISTRY_USERNAME: 'robot',
      TRAILMARK_REGISTRY_PASSWORD: REGISTRY_PASSWORD,
    };
    const payload = sigstore.identityToken.split('.')[1] ?? '';
    secrets = [
      GH_TOKEN,
      GH_TOKEN.slice(4), // the token without its prefix
      REGISTRY_PASSWORD,
      Buffer.from(`robot:${REGISTRY_PASSWORD}`).toString('base64'),
      sigstore.identityToken,
      payload,
      payload.slice(0, 32),
    ];
  });
  afterAll(async () => {
    await sigstore.close();
    await registry.stop();
    await tmp.cleanup();
  });

  const T = (args: string[], extra: Record<string, string> = {}): Promise<CliRun> =>
    runTrailmark(args, { cwd: repo, env: { ...env, ...extra } });

  // stdout, stderr and every file under out/ and keys/.
  function expectNoSecret(run: CliRun): void {
    const texts = [
      run.stdout,
      run.stderr,
      ...writtenFiles(join(repo, 'out')),
      ...writtenFiles(join(repo, 'keys')),
    ];
    for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
  }

  it('stamp: a remote with credentials, and git failing with the token in its stderr', async () => {
    const ok = await T([
      'stamp',
      'deploy/rendered/prod.yaml',
      '--chart',
      'charts/shop',
      '-o',
      'out/prod.yaml',
      '--origin-out',
      'out/origin.json',
      '--image',
      `ghcr.io/acme/shop=${DIGEST}`,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(repo, 'out/prod.yaml'), 'utf8')).toContain(
      'https://github.com/acme/shop',
    );
    expectNoSecret(ok);
    const PATH = writeFailingGit(join(tmp.path, 'bin-blame'), GH_TOKEN, ['blame']);
    const failed = await T(
      ['stamp', 'deploy/rendered/prod.yaml', '--chart', 'charts/shop', '-o', 'out/failed.yaml'],
      { PATH },
    );
    expect(failed.stderr).toMatch(/git blame .*https:\/\/\[REDACTED\]@github\.com/);
    expectNoSecret(failed);
  });

  it('sbom: the same remote, and git ls-files failing with the token in its stderr', async () => {
    const ok = await T(['sbom', '.', '--chart', 'charts/shop', '-o', 'out/sbom.json']);
    expect(ok.code, ok.stderr).toBe(0);
    expectNoSecret(ok);
    const PATH = writeFailingGit(join(tmp.path, 'bin-ls'), GH_TOKEN, ['ls-files']);
    const failed = await T(['sbom', '.', '-o', 'out/sbom-failed.json'], { PATH });
    expect(failed.stderr).toMatch(/git ls-files .*https:\/\/\[REDACTED\]@github\.com/);
    expectNoSecret(failed);
  });

  it('keygen, attest with a key, and verify-bundle of what it signed', async () => {
    const keygen = await T(['keygen', 'keys']);
    expect(keygen.code, keygen.stderr).toBe(0);
    expectNoSecret(keygen);
    expectNoSecret(await T(['keygen', 'keys'])); // refuses to overwrite
    const attest = await T([
      'attest',
      '--key',
      'keys/trailmark.key',
      '--origin',
      'out/origin.json',
      '--image',
      `ghcr.io/acme/shop@${DIGEST}`,
      '-o',
      'out/bundles',
    ]);
    expect(attest.code, attest.stderr).toBe(0);
    expectNoSecret(attest);
    const verify = await T([
      'bundle',
      'verify-bundle',
      DIGEST,
      '--bundle',
      'out/bundles/deployment-origin.sigstore.json',
      '--key',
      'keys/trailmark.pub',
    ]);
    expect(verify.stdout).toMatch(/^OK/);
    expectNoSecret(verify);
    const garbage = await T([
      'bundle',
      'verify-bundle',
      DIGEST,
      '--bundle',
      'out/origin.json',
      '--key',
      'keys/trailmark.pub',
    ]);
    expect(garbage.code).not.toBe(0);
    expectNoSecret(garbage);
  });

  it('attest keyless: Fulcio answers 500 quoting the identity token', async () => {
    const run = await T([
      'attest',
      '--keyless',
      '--fulcio-url',
      sigstore.url,
      '--rekor-url',
      sigstore.url,
      '--origin',
      'out/origin.json',
      '--image',
      `ghcr.io/acme/shop@${DIGEST}`,
      '-o',
      'out/keyless',
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /error creating signing certificate - \(500\).*oidcIdentityToken.*\[REDACTED\]/,
    );
    expectNoSecret(run);
  });

  it('attest --push-oci: the registry answers 403 quoting the Basic credentials', async () => {
    const run = await T([
      'attest',
      '--key',
      'keys/trailmark.key',
      '--origin',
      'out/origin.json',
      '--image',
      `${registry.host}/acme/shop@${DIGEST}`,
      '--push-oci',
      '--registry-insecure',
    ]);
    expect(registry.requests.some((request) => request.authorized)).toBe(true);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(new RegExp(`registry ${registry.host.replace(/\./g, '\\.')}`));
    expectNoSecret(run);
  });
});

function writtenFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'));
}

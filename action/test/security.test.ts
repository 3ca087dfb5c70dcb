import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  REPO_ROOT,
  createTempDir,
  startEchoingRegistry,
  startTestSigstore,
  writeFailingGit,
  type TempDir,
  type TestSigstore,
} from '@trailmark/testing';
import { writeKeyPair } from '@trailmark/trailmark';
import { requestIdentityToken } from '../src/identity-token.js';
import type { RawInputs } from '../src/inputs.js';
import { run, type RunDeps } from '../src/main.js';
import { inputs, recordingRunner, type RecordingRunner } from './helpers.js';

// The Action in-process (run(inputs, deps)) on the example repository: which Sigstore instance a
// keyless release uses, and that planted secrets never reach its log, outputs, summary or files.
const GH_TOKEN = `ghs_L3akCanary${randomBytes(12).toString('hex')}`;
const REGISTRY_PASSWORD = `reg-pass-${randomBytes(8).toString('hex')}`;
const DIGEST = `sha256:${'4f'.repeat(32)}`;

describe('the Action: Sigstore instance and secrets', () => {
  let tmp: TempDir;
  let repo: string;
  const running: TestSigstore[] = [];

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-action-security-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    execFileSync('git', [
      '-C',
      repo,
      'remote',
      'set-url',
      'origin',
      `https://x-access-token:${GH_TOKEN}@github.com/acme/shop.git`,
    ]);
    await writeKeyPair(join(tmp.path, 'keys'), { algorithm: 'ecdsa-p256' });
  });
  afterAll(() => tmp.cleanup());
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all(running.splice(0).map((sigstore) => sigstore.close()));
  });

  async function sigstoreFor(echoing = false): Promise<TestSigstore> {
    const sigstore = await startTestSigstore(echoing ? { echoing: ['fulcio'] } : {});
    running.push(sigstore);
    return sigstore;
  }

  function deps(
    runner: RecordingRunner,
    sigstore: TestSigstore | undefined,
    event: unknown,
  ): RunDeps {
    const eventPath = join(tmp.path, `event-${String(Math.random()).slice(2)}.json`);
    writeFileSync(eventPath, JSON.stringify(event));
    return {
      cwd: tmp.path,
      env: {
        GITHUB_WORKSPACE: repo,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: 'http://127.0.0.1:9',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_TOKEN: GH_TOKEN,
        ...sigstore?.actionsEnv,
      },
      identityToken: () =>
        sigstore
          ? Promise.resolve(sigstore.identityToken)
          : Promise.reject(new Error(`no token (request token ${GH_TOKEN})`)),
      githubRetries: 0,
      ...(sigstore
        ? { sigstoreOrigins: { github: sigstore.url, 'public-good': sigstore.url } }
        : {}),
      runner,
    };
  }

  const release = (out: string, overrides: Partial<RawInputs> = {}): RawInputs =>
    inputs({
      manifests: ['deploy/rendered/prod.yaml'],
      chart: 'charts/shop',
      images: `ghcr.io/acme/shop@${DIGEST}`,
      githubToken: '',
      uploadAttestations: 'false',
      outputDir: out,
      ...overrides,
    });

  it('a private repository (event visibility: private) releases on the GitHub instance: no Rekor request', async () => {
    const sigstore = await sigstoreFor();
    const runner = recordingRunner();
    const code = await run(
      release('out/private'),
      deps(runner, sigstore, { repository: { full_name: 'acme/shop', visibility: 'private' } }),
    );
    expect(runner.errors).toEqual([]);
    expect(code).toBe(0);
    expect(new Set(sigstore.requests.map((r) => r.service))).toEqual(new Set(['fulcio', 'tsa']));
    expect(runner.infos).toContainEqual(
      expect.stringMatching(/signed keyless with the github Sigstore instance: Fulcio .*, TSA /),
    );
    const bundle = JSON.parse(
      readFileSync(join(repo, 'out/private/attestations/provenance.sigstore.json'), 'utf8'),
    ) as { verificationMaterial: { tlogEntries?: unknown[]; timestampVerificationData?: unknown } };
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData).toBeDefined();
  });

  it('a public repository releases on public-good: Fulcio and Rekor', async () => {
    const sigstore = await sigstoreFor();
    const runner = recordingRunner();
    const code = await run(
      release('out/public'),
      deps(runner, sigstore, { repository: { visibility: 'public' } }),
    );
    expect(code, JSON.stringify(runner.errors)).toBe(0);
    expect(new Set(sigstore.requests.map((r) => r.service))).toEqual(new Set(['fulcio', 'rekor']));
  });

  // Every line the runner would print or store: log, annotations, outputs, summary, files.
  function everything(runner: RecordingRunner, out: string): string[] {
    return [
      ...runner.infos,
      ...runner.warnings.map((w) => `${w.message} ${JSON.stringify(w.at)}`),
      ...runner.errors.map((e) => `${e.message} ${JSON.stringify(e.at)}`),
      ...Object.values(runner.outputs),
      ...runner.summaries,
      ...writtenFiles(join(repo, out)),
    ];
  }

  function expectNoSecret(texts: string[], more: string[] = []): void {
    const secrets = [
      GH_TOKEN,
      GH_TOKEN.slice(4),
      REGISTRY_PASSWORD,
      Buffer.from(`robot:${REGISTRY_PASSWORD}`).toString('base64'),
      ...more,
    ];
    for (const secret of secrets) for (const text of texts) expect(text).not.toContain(secret);
  }

  it('git failing with the token in its stderr: the log names git, never the token', async () => {
    vi.stubEnv('PATH', writeFailingGit(join(tmp.path, 'bin'), GH_TOKEN, ['blame']));
    const runner = recordingRunner();
    const code = await run(
      release('out/git', { sign: 'none' }),
      deps(runner, undefined, { repository: { visibility: 'private' } }),
    );
    expect(code).toBe(1);
    expect(runner.errors[0]?.message).toMatch(/git blame .*\[REDACTED\]@github\.com/);
    expect(runner.infos.join('\n')).toMatch(/caused by: Error \(128\)/);
    expectNoSecret(everything(runner, 'out/git'));
  });

  it('Fulcio answering 500 with the identity token in its body: not in the log', async () => {
    const sigstore = await sigstoreFor(true);
    const runner = recordingRunner();
    const code = await run(
      release('out/fulcio'),
      deps(runner, sigstore, { repository: { visibility: 'private' } }),
    );
    expect(code).toBe(1);
    expect(runner.outputs['error-code']).toBe('ATTEST_SIGNING');
    expect(runner.errors[0]?.message).toMatch(/\(500\)/);
    const payload = sigstore.identityToken.split('.')[1] ?? '';
    expectNoSecret(everything(runner, 'out/fulcio'), [sigstore.identityToken, payload]);
  });

  it('a registry answering 403 with the Basic credentials in its body: not in the log', async () => {
    // The Action never talks plain http to a registry: a TLS registry with a throwaway certificate.
    const registry = await startEchoingRegistry({ tls: true });
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0');
    try {
      const runner = recordingRunner();
      const code = await run(
        release('out/registry', {
          images: `${registry.host}/acme/shop@${DIGEST}`,
          sign: 'key',
          key: join(tmp.path, 'keys/trailmark.key'),
          pushToRegistry: 'true',
          registryUsername: 'robot',
          registryPassword: REGISTRY_PASSWORD,
        }),
        deps(runner, undefined, { repository: { visibility: 'private' } }),
      );
      expect(code, JSON.stringify([runner.errors, registry.requests])).toBe(1);
      expect(
        registry.requests.some((request) => request.authorized),
        JSON.stringify([runner.errors, registry.requests]),
      ).toBe(true);
      expect(runner.outputs['error-code']).toMatch(/^OCI_/);
      expectNoSecret(everything(runner, 'out/registry'));
    } finally {
      await registry.stop();
    }
  });

  it('no OIDC token (no id-token: write) is ATTEST_OIDC, and the reason is not printed', async () => {
    const runner = recordingRunner();
    const code = await run(
      release('out/no-oidc'),
      deps(runner, undefined, { repository: { visibility: 'private' } }),
    );
    expect(code).toBe(1);
    expect(runner.outputs['error-code']).toBe('ATTEST_OIDC');
    expect(runner.errors[0]?.message).toMatch(/permissions: id-token: write/);
    expectNoSecret(everything(runner, 'out/no-oidc'));
  });

  it('the identity token is masked: @actions/core registers it with the runner', async () => {
    const sigstore = await sigstoreFor();
    // getIDToken appends `&audience=…`: the test URL has its own query string.
    vi.stubEnv('ACTIONS_ID_TOKEN_REQUEST_URL', sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_URL);
    vi.stubEnv(
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    );
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    let token: string;
    try {
      token = await requestIdentityToken();
    } finally {
      spy.mockRestore();
    }
    expect(token).toBe(sigstore.identityToken);
    expect(written.join('')).toContain(`::add-mask::${token}`);
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

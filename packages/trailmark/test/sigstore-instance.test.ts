import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  startFakeGithub,
  startTestSigstore,
  type FakeGithub,
  type TempDir,
  type TestSigstore,
} from '@trailmark/testing';
import { attest, type SigningOptions } from '../src/attest.js';
import { resolveConfig } from '../src/config.js';
import { chooseKeylessEndpoints } from '../src/sigstore-instance.js';
import { verifyBundleFile } from '../src/verify-bundle.js';

const DIGEST = 'ab'.repeat(32);
const IMAGE = `ghcr.io/acme/shop@sha256:${DIGEST}`;

describe('chooseKeylessEndpoints', () => {
  const PUBLIC_GOOD = {
    instance: 'public-good',
    fulcioURL: 'https://fulcio.sigstore.dev',
    rekorURL: 'https://rekor.sigstore.dev',
  };
  const GITHUB = {
    instance: 'github',
    fulcioURL: 'https://fulcio.githubapp.com',
    tsaURL: 'https://timestamp.githubapp.com/api/v1/timestamp',
  };
  it.each([
    ['public', PUBLIC_GOOD],
    ['private', GITHUB],
    ['internal', GITHUB],
  ] as const)('%s → %o', (visibility, expected) => {
    expect(chooseKeylessEndpoints(visibility, {})).toEqual(expected);
  });

  it('unknown → GitHub instance, with a notice', () => {
    expect(chooseKeylessEndpoints(undefined, {})).toEqual({
      ...GITHUB,
      notice: expect.stringMatching(/visibility is unknown.*GitHub's Sigstore instance/) as string,
    });
  });

  it('explicit URLs win: Fulcio alone keeps the instance witnesses, a witness replaces them', () => {
    expect(chooseKeylessEndpoints('private', { fulcioUrl: 'https://f.example' })).toEqual({
      instance: 'custom',
      fulcioURL: 'https://f.example',
      tsaURL: GITHUB.tsaURL,
    });
    expect(chooseKeylessEndpoints('private', { rekorUrl: 'https://r.example' })).toEqual({
      instance: 'custom',
      fulcioURL: GITHUB.fulcioURL,
      rekorURL: 'https://r.example',
    });
  });

  it('test origins move the services and keep the instance shape (which witnesses, which paths)', () => {
    const origins = { github: 'http://127.0.0.1:1', 'public-good': 'http://127.0.0.1:2' };
    expect(chooseKeylessEndpoints('private', {}, origins)).toEqual({
      instance: 'github',
      fulcioURL: 'http://127.0.0.1:1/',
      tsaURL: 'http://127.0.0.1:1/api/v1/timestamp',
    });
    expect(chooseKeylessEndpoints('public', {}, origins)).toEqual({
      instance: 'public-good',
      fulcioURL: 'http://127.0.0.1:2/',
      rekorURL: 'http://127.0.0.1:2/',
    });
  });
});

// attest() keyless against the test Sigstore on 127.0.0.1, which serves Fulcio, Rekor AND a TSA:
// the instance chosen decides which of them is asked, and its origin is injected through the
// config (both instances point at the test Sigstore; their shapes are unchanged).
describe('attest: the Sigstore instance follows the repository visibility', () => {
  let sigstore: TestSigstore | undefined;
  let github: FakeGithub | undefined;
  let tmp: TempDir | undefined;
  afterEach(async () => {
    await sigstore?.close();
    await github?.stop();
    await tmp?.cleanup();
    sigstore = github = tmp = undefined;
  });

  async function run(
    env: Record<string, string>,
    options: {
      event?: unknown;
      githubToken?: string;
      signing?: (sigstore: TestSigstore) => Partial<SigningOptions>;
    } = {},
  ) {
    sigstore = await startTestSigstore();
    tmp = await createTempDir('trailmark-instance-');
    const eventPath = join(tmp.path, 'event.json');
    if (options.event !== undefined) writeFileSync(eventPath, JSON.stringify(options.event));
    const config = await resolveConfig({
      env: {
        ...sigstore.actionsEnv,
        GITHUB_REPOSITORY: 'acme/shop',
        ...(options.event === undefined ? {} : { GITHUB_EVENT_PATH: eventPath }),
        ...env,
      },
      sigstoreOrigins: { github: sigstore.url, 'public-good': sigstore.url },
    });
    const result = await attest({
      cwd: tmp.path,
      env: config.env,
      config,
      images: [IMAGE],
      signing: { kind: 'keyless', ...options.signing?.(sigstore) } as SigningOptions,
      outDir: 'out',
      ...(options.githubToken === undefined ? {} : { githubToken: options.githubToken }),
    });
    const bundle = JSON.parse(result.attestations[0]?.json ?? '{}') as {
      verificationMaterial: {
        tlogEntries?: unknown[];
        timestampVerificationData?: { rfc3161Timestamps?: unknown[] };
      };
    };
    const services = sigstore.requests.map((request) => request.service);
    return { result, bundle, services, path: result.attestations[0]?.path ?? '' };
  }

  it('a private repository (event visibility: private) signs on the GitHub instance: TSA yes, Rekor no', async () => {
    const { result, bundle, services, path } = await run(
      {},
      { event: { repository: { full_name: 'acme/shop', private: true, visibility: 'private' } } },
    );
    expect(result.keyless).toEqual({
      instance: 'github',
      fulcioURL: `${sigstore?.url ?? ''}/`,
      tsaURL: `${sigstore?.url ?? ''}/api/v1/timestamp`,
    });
    expect(services).toEqual(['oidc', 'fulcio', 'tsa']);
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(
      1,
    );
    expect(result.warnings.join('\n')).not.toMatch(/visibility is unknown/);
    // Offline verification against a root of the GitHub shape: the test CA and TSA, no
    // transparency log. (The CT log stays: @sigstore/mock's Fulcio always embeds an SCT, which
    // GitHub's Fulcio does not.)
    const rootPath = join(tmp?.path ?? '', 'github-shaped.trusted_root.json');
    writeFileSync(rootPath, JSON.stringify({ ...sigstore?.trustedRoot, tlogs: [] }));
    const verdict = await verifyBundleFile({
      cwd: tmp?.path ?? '',
      bundle: path,
      artifact: `sha256:${DIGEST}`,
      policy: { identity: sigstore?.san ?? '', issuer: sigstore?.issuer ?? '' },
      trustedRoot: rootPath,
    });
    expect(verdict, JSON.stringify(verdict)).toMatchObject({ ok: true });
  });

  it('a public repository signs on public-good: Fulcio and Rekor, no TSA', async () => {
    const { result, bundle, services } = await run(
      {},
      { event: { repository: { full_name: 'acme/shop', private: false, visibility: 'public' } } },
    );
    expect(result.keyless?.instance).toBe('public-good');
    expect(services).toEqual(['oidc', 'fulcio', 'rekor']);
    expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1);
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []).toEqual(
      [],
    );
  });

  it('an event with only `private: true` (older servers) is private', async () => {
    const { services } = await run({}, { event: { repository: { private: true } } });
    expect(services).not.toContain('rekor');
  });

  it('without an event, the repository API says: internal → GitHub instance', async () => {
    github = await startFakeGithub({ visibility: { 'acme/shop': 'internal' } });
    const { result, services } = await run(
      { GITHUB_API_URL: github.url },
      { githubToken: github.token },
    );
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/shop']);
    expect(result.keyless?.instance).toBe('github');
    expect(services).toEqual(['oidc', 'fulcio', 'tsa']);
  });

  it('without an event, the repository API says: public → public-good', async () => {
    github = await startFakeGithub({ visibility: { 'acme/shop': 'public' } });
    const { result } = await run({ GITHUB_API_URL: github.url, GITHUB_TOKEN: github.token });
    expect(result.keyless?.instance).toBe('public-good');
  });

  it('unknown visibility (no event, no token) → GitHub instance, and a warning says so', async () => {
    const { result, services } = await run({});
    expect(result.keyless?.instance).toBe('github');
    expect(services).not.toContain('rekor');
    expect(result.warnings).toContainEqual(expect.stringMatching(/visibility is unknown/));
  });

  it('a repository the token cannot see (404) is unknown: GitHub instance, warning names why', async () => {
    github = await startFakeGithub({ visibility: {} });
    const { result } = await run({ GITHUB_API_URL: github.url }, { githubToken: github.token });
    expect(result.keyless?.instance).toBe('github');
    expect(result.warnings.join('\n')).toMatch(/could not read the visibility of acme\/shop/);
  });

  it('explicit URLs win over the visibility: a private repository can still ask for Rekor', async () => {
    const { result, services } = await run(
      {},
      {
        event: { repository: { visibility: 'private' } },
        signing: (at) => ({ fulcioUrl: at.url, rekorUrl: at.url }),
      },
    );
    expect(result.keyless?.instance).toBe('custom');
    expect(services).toEqual(['oidc', 'fulcio', 'rekor']);
  });
});

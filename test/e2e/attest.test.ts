import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { PublicKeyDetails, TrustedRoot } from '@sigstore/protobuf-specs';
import { createPublicKey, createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  createTempDir,
  pushTestImage,
  runTrailmark,
  startFakeGithub,
  startRegistry,
  startTestSigstore,
  type TempDir,
} from '@trailmark/testing';

interface Bundle {
  mediaType: string;
  dsseEnvelope: { payload: string; payloadType: string };
}

const statementOf = (bundle: Bundle) =>
  JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
    predicateType: string;
    subject: { name: string; digest: { sha256: string } }[];
    predicate: Record<string, unknown>;
  };

/** Verifies a key-based bundle with @sigstore/verify (thresholds 0: a bare key has no log or time). */
function verifyWithKey(bundleJson: unknown, publicKeyPem: string): void {
  const key = createPublicKey(publicKeyPem);
  const hint = createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
  const trust = toTrustMaterial(root, {
    [hint]: {
      rawBytes: key.export({ type: 'spki', format: 'der' }),
      keyDetails: PublicKeyDetails.PKIX_ECDSA_P256_SHA_256,
      validFor: undefined,
    },
  });
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
    toSignedEntity(bundleFromJSON(bundleJson)),
  );
}

describe('trailmark attest on the example release', () => {
  let tmp: TempDir;
  let repo: string;
  const T = (args: string[], env: Record<string, string> = {}, cwd?: string) =>
    runTrailmark(args, { cwd: cwd ?? repo, env });

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-attest-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    const digest = `sha256:${'4f'.repeat(32)}`;
    for (const args of [
      [
        'stamp',
        'deploy/rendered/prod.yaml',
        '--chart',
        'charts/shop',
        '-f',
        'charts/shop/values-prod.yaml',
        '--image',
        `ghcr.io/acme/shop=${digest}`,
        '-o',
        'out/prod.yaml',
        '--origin-out',
        'out/origin.json',
      ],
      [
        'sbom',
        '.',
        '--chart',
        'charts/shop',
        '--manifests',
        'out/prod.yaml',
        '-o',
        'out/sbom.json',
      ],
      ['keygen', 'keys'],
    ]) {
      const run = await T(args);
      expect(run.code, run.stderr).toBe(0);
    }
  });
  afterAll(() => tmp.cleanup());

  it('writes a 0600 private key, and signs SBOM and deployment-origin bundles that verify', async () => {
    expect(statSync(join(repo, 'keys/trailmark.key')).mode & 0o777).toBe(0o600);
    const run = await T([
      'attest',
      '--origin',
      'out/origin.json',
      '--sbom',
      'out/sbom.json',
      '--manifests',
      'out/prod.yaml',
      '--key',
      'keys/trailmark.key',
      '-o',
      'out/bundles',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(join(repo, 'out/bundles')).sort()).toEqual([
      'deployment-origin.sigstore.json',
      'sbom.sigstore.json',
    ]);
    const pub = readFileSync(join(repo, 'keys/trailmark.pub'), 'utf8');
    for (const name of ['deployment-origin', 'sbom']) {
      const bundle = JSON.parse(
        readFileSync(join(repo, `out/bundles/${name}.sigstore.json`), 'utf8'),
      ) as Bundle;
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(bundle.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json');
      verifyWithKey(bundle, pub);
      const statement = statementOf(bundle);
      expect(statement.subject.map((s) => s.name)).toContain('ghcr.io/acme/shop');
      const manifestDigest = createHash('sha256')
        .update(readFileSync(join(repo, 'out/prod.yaml')))
        .digest('hex');
      if (name === 'deployment-origin')
        expect(statement.subject).toContainEqual({
          name: 'out/prod.yaml',
          digest: { sha256: manifestDigest },
        });
    }
    const origin = statementOf(
      JSON.parse(
        readFileSync(join(repo, 'out/bundles/deployment-origin.sigstore.json'), 'utf8'),
      ) as Bundle,
    );
    expect((origin.predicate.objects as unknown[]).length).toBe(17);
    expect(run.stderr).toMatch(/SLSA provenance left out/);
  });

  it('signs all three kinds keyless against the test Sigstore in a simulated GitHub Actions job, without leaking the token', async () => {
    const sigstore = await startTestSigstore();
    try {
      const run = await T(
        [
          'attest',
          '--keyless',
          '--fulcio-url',
          sigstore.fulcioURL,
          '--rekor-url',
          sigstore.rekorURL ?? '',
          '--origin',
          'out/origin.json',
          '--sbom',
          'out/sbom.json',
          '--manifests',
          'out/prod.yaml',
          '-o',
          'out/keyless',
        ],
        sigstore.actionsEnv,
      );
      expect(run.code, run.stderr).toBe(0);
      expect(readdirSync(join(repo, 'out/keyless')).sort()).toEqual([
        'deployment-origin.sigstore.json',
        'provenance.sigstore.json',
        'sbom.sigstore.json',
      ]);
      const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot));
      const verifier = new Verifier(trust, {
        tlogThreshold: 1,
        ctlogThreshold: 1,
        timestampThreshold: 1,
      });
      for (const file of readdirSync(join(repo, 'out/keyless'))) {
        const text = readFileSync(join(repo, 'out/keyless', file), 'utf8');
        expect(text).not.toContain(sigstore.identityToken);
        verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(text))), {
          subjectAlternativeName: new RegExp(
            `^${sigstore.san.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
          ) as unknown as string,
          extensions: { issuer: sigstore.issuer },
        });
      }
      const provenance = statementOf(
        JSON.parse(
          readFileSync(join(repo, 'out/keyless/provenance.sigstore.json'), 'utf8'),
        ) as Bundle,
      );
      expect(provenance.predicateType).toBe('https://slsa.dev/provenance/v1');
      expect((provenance.predicate.buildDefinition as { buildType: string }).buildType).toBe(
        'https://actions.github.io/buildtypes/workflow/v1',
      );
      for (const secret of [
        sigstore.identityToken,
        sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      ]) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    } finally {
      await sigstore.close();
    }
  });

  it('pushes every bundle to the image in a real registry and uploads them to the GitHub attestations API', async () => {
    const registry = await startRegistry();
    const github = await startFakeGithub();
    try {
      const image = await pushTestImage(registry.url, 'acme/shop');
      const run = await T(
        [
          'attest',
          '--key',
          'keys/trailmark.key',
          '--origin',
          'out/origin.json',
          '--sbom',
          'out/sbom.json',
          '--image',
          image.image,
          '--push-oci',
          '--registry-insecure',
          '--upload-github',
          '--github-repository',
          'acme/shop',
        ],
        { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(
        /deployment-origin\t.*127\.0\.0\.1:\d+\/acme\/shop@sha256:[0-9a-f]{64} \(tag /,
      );
      const uploads = github.requests.filter(
        (r) => r.method === 'POST' && r.path === '/repos/acme/shop/attestations',
      );
      expect(uploads).toHaveLength(2);
      const tagIndex = await fetch(
        `http://${registry.url}/v2/acme/shop/manifests/${image.digest.replace(':', '-')}`,
        { headers: { accept: 'application/vnd.oci.image.index.v1+json' } },
      );
      const index = (await tagIndex.json()) as {
        manifests: { annotations?: Record<string, string> }[];
      };
      expect(
        index.manifests
          .map((m) => m.annotations?.['dev.sigstore.bundle.predicateType'])
          .sort((a, b) => (a ?? '').localeCompare(b ?? '')),
      ).toEqual(['https://cyclonedx.org/bom', 'https://trailmark.dev/deployment-origin/v1']);
      expect(run.stdout + run.stderr).not.toContain(github.token);
    } finally {
      await github.stop();
      await registry.stop();
    }
  });

  it.each([
    [
      'no OIDC environment',
      ['--keyless'],
      {},
      3,
      /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set.*id-token: write/,
    ],
    ['an unreadable key', ['--key', 'README.md'], {}, 2, /README\.md: .*key/i],
    [
      'a subject digest that is not hex of the right length',
      ['--key', 'keys/trailmark.key', '--image', 'ghcr.io/acme/shop@sha256:abc'],
      {},
      2,
      /sha256:abc/,
    ],
    ['no way to sign', [], {}, 2, /choose how to sign/],
  ])(
    'exits with a documented code on %s, writing nothing',
    async (_label, args, env, code, message) => {
      const run = await T(
        [
          'attest',
          '--origin',
          'out/origin.json',
          '--manifests',
          'out/prod.yaml',
          '-o',
          'out/bad',
          ...args,
        ],
        env,
      );
      expect(run.code, run.stderr).toBe(code);
      expect(run.stderr).toMatch(message);
      expect(existsSync(join(repo, 'out/bad'))).toBe(false);
    },
  );

  it('exits 3 when the registry cannot be reached', async () => {
    const run = await T([
      'attest',
      '--key',
      'keys/trailmark.key',
      '--origin',
      'out/origin.json',
      '--image',
      `127.0.0.1:9/acme/shop@sha256:${'a'.repeat(64)}`,
      '--push-oci',
      '--registry-insecure',
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/127\.0\.0\.1:9/);
  });
});

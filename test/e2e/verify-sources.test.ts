import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@trailmark/core';
import {
  createTempDir,
  pushTestImage,
  runTrailmark,
  startFakeGithub,
  startRegistry,
  startTestSigstore,
  startTufRepository,
  type CliRun,
  type FakeGithub,
  type TempDir,
  type TestRegistry,
  type TestSigstore,
} from '@trailmark/testing';

// Where attestations come from: a bundle directory, the image's OCI registry (the real Debian
// docker-registry), GitHub's attestations API (the fake), and a keyless bundle from the test
// Sigstore checked against its trusted root and an identity. One pod runs an image pushed to the
// registry, so its imageID names that registry's digest. The policy fails on unattested images
// and untrusted signers, so each source decides the exit code.
const POLICY = 'failOn: [UNATTESTED_IMAGE, UNTRUSTED_SIGNER, SIGNATURE_INVALID]\n';

describe('trailmark verify: attestation sources', () => {
  let dir: TempDir;
  let registry: TestRegistry;
  let github: FakeGithub;
  let sigstore: TestSigstore;
  let image: string;
  let digest: string;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-verify-sources-');
    registry = await startRegistry();
    const pushed = await pushTestImage(registry.url, 'acme/app', { tag: '1.0.0' });
    ({ image, digest } = pushed);
    writeFileSync(join(dir.path, 'policy.yaml'), POLICY);
    writeFileSync(
      join(dir.path, 'origin.json'),
      JSON.stringify({
        schema: 'https://trailmark.dev/origin-records/v1',
        approvers: [],
        objects: [],
      }),
    );
    writeFileSync(join(dir.path, 'cluster.json'), JSON.stringify(clusterRunning(image)));
    await ok(run(['keygen', 'keys']));
    await ok(
      run([
        ...['attest', '--key', 'keys/trailmark.key', '--origin', 'origin.json'],
        ...['--image', image, '-o', 'bundles', '--push-oci', '--registry-insecure'],
      ]),
    );
    const bundle = JSON.parse(readFileSync(join(dir.path, BUNDLE), 'utf8')) as object;
    github = await startFakeGithub({ attestations: { [`acme/app@${digest}`]: [bundle] } });
    sigstore = await startTestSigstore();
    await ok(
      run(
        [
          ...['attest', '--keyless', '--fulcio-url', sigstore.url, '--rekor-url', sigstore.url],
          ...['--origin', 'origin.json', '--image', image, '-o', 'keyless'],
        ],
        sigstore.actionsEnv,
      ),
    );
    writeFileSync(join(dir.path, 'trusted_root.json'), JSON.stringify(sigstore.trustedRoot));
  }, 120_000);
  afterAll(async () => {
    await github.stop();
    await sigstore.close();
    await registry.stop();
    await dir.cleanup();
  });

  const BUNDLE = 'bundles/deployment-origin.sigstore.json';
  const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
    runTrailmark(args, { cwd: dir.path, env: { KUBECONFIG: '', ...env } });
  async function verify(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number | null; report: VerifyReport; codes: string[]; stderr: string }> {
    const result = await run(
      [
        ...['verify', '--snapshot', 'cluster.json', '--policy', 'policy.yaml'],
        ...[...args, '--format', 'json'],
      ],
      env,
    );
    expect(result.stdout, result.stderr).not.toBe('');
    const report = JSON.parse(result.stdout) as VerifyReport;
    const codes = report.workloads.flatMap((w) => w.findings.map((f) => f.code));
    return { code: result.code, report, codes, stderr: result.stderr };
  }
  const sources = (report: VerifyReport): string[][] =>
    report.attestations.map((a) => a.sources.map((s) => s.kind).sort());

  it('without any source the image is unattested: exit 1', async () => {
    const { code, codes } = await verify(['--key', 'keys/trailmark.pub']);
    expect(code).toBe(1);
    expect(codes).toContain('UNATTESTED_IMAGE');
  });

  it('a bundle directory with the key that signed it: exit 0', async () => {
    const { code, report, codes } = await verify([
      ...['--bundles', 'bundles', '--key', 'keys/trailmark.pub'],
    ]);
    expect(codes).not.toContain('UNATTESTED_IMAGE');
    expect(code).toBe(0);
    expect(sources(report)).toEqual([['dir']]);
    expect(report.workloads[0]?.containers[0]?.attestations).toHaveLength(1);
  });

  it("the image's OCI registry (--oci), where attest --push-oci put the bundle", async () => {
    const { code, report, codes } = await verify([
      ...['--oci', '--registry-insecure', '--key', 'keys/trailmark.pub'],
    ]);
    expect(codes).not.toContain('UNATTESTED_IMAGE');
    expect(code).toBe(0);
    expect(sources(report)).toEqual([['oci']]);
    expect(report.attestations[0]?.sources[0]?.location).toContain(`${registry.url}/acme/app`);
  });

  it("GitHub's attestations API (GITHUB_API_URL, GITHUB_TOKEN)", async () => {
    const env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: github.token };
    const { code, report } = await verify(
      ['--github-attestations', 'acme/app', '--key', 'keys/trailmark.pub'],
      env,
    );
    expect(code).toBe(0);
    expect(sources(report)).toEqual([['github']]);
    const asked = github.requests.filter((r) => r.path.includes('/attestations/'));
    expect(asked.map((r) => decodeURIComponent(r.path))).toContain(
      `/repos/acme/app/attestations/${digest}`,
    );
  });

  it('the same bundle in two sources is one attestation with two sources', async () => {
    const env = { GITHUB_API_URL: github.url, GITHUB_TOKEN: github.token };
    const { code, report } = await verify(
      [
        ...['--bundles', 'bundles', '--github-attestations', 'acme/app'],
        ...['--key', 'keys/trailmark.pub'],
      ],
      env,
    );
    expect(code).toBe(0);
    expect(report.attestations).toHaveLength(1);
    expect(sources(report)).toEqual([['dir', 'github']]);
  });

  it('a keyless bundle verifies with --trusted-root and the exact identity and issuer', async () => {
    const { code, report, codes } = await verify([
      ...['--bundles', 'keyless', '--trusted-root', 'trusted_root.json'],
      ...['--certificate-identity', sigstore.san, '--certificate-oidc-issuer', sigstore.issuer],
    ]);
    // A bare pod with no trailmark annotations: only MISSING_PROVENANCE (reported, not failing).
    expect(codes).toEqual(['MISSING_PROVENANCE']);
    expect(code).toBe(0);
    expect(report.attestations[0]?.verified).toBe(true);
    expect(report.attestations[0]?.signer?.subjectAlternativeName).toBe(sigstore.san);
  });

  it('rejects it for a pattern that matches the identity only unanchored: UNTRUSTED_SIGNER, exit 1', async () => {
    // "release\.yml" occurs in the SAN, so an unanchored search would accept it.
    expect(sigstore.san).toMatch(/release\.yml/);
    const { code, report, codes } = await verify([
      ...['--bundles', 'keyless', '--trusted-root', 'trusted_root.json'],
      ...['--certificate-identity-pattern', 'release\\.yml'],
      ...['--certificate-oidc-issuer', sigstore.issuer],
    ]);
    expect(code).toBe(1);
    expect(codes).toContain('UNTRUSTED_SIGNER');
    expect(report.attestations[0]?.verified).toBe(false);
    expect(report.attestations[0]?.rejection).toBe('UNTRUSTED_SIGNER');
    // A pattern for the whole SAN is accepted.
    expect(sigstore.san).toBe(
      'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    );
    const whole = await verify([
      ...['--bundles', 'keyless', '--trusted-root', 'trusted_root.json'],
      ...[
        '--certificate-identity-pattern',
        String.raw`https://github\.com/acme/shop/\.github/workflows/release\.yml@refs/heads/.+`,
      ],
      ...['--certificate-oidc-issuer', sigstore.issuer],
    ]);
    expect(whole.codes).toEqual(['MISSING_PROVENANCE']);
    expect(whole.code).toBe(0);
  });

  it('a keyless bundle verifies through a TUF repository (TRAILMARK_TUF_MIRROR/ROOT/CACHE)', async () => {
    const tuf = await startTufRepository([
      { name: 'trusted_root.json', content: JSON.stringify(sigstore.trustedRoot) },
    ]);
    try {
      const env = {
        TRAILMARK_TUF_MIRROR: tuf.url,
        TRAILMARK_TUF_ROOT: tuf.rootPath,
        TRAILMARK_TUF_CACHE: join(dir.path, 'tuf-cache'),
      };
      const identity = ['--certificate-identity', sigstore.san];
      const issuer = ['--certificate-oidc-issuer', sigstore.issuer];
      const { code, report } = await verify(['--bundles', 'keyless', ...identity, ...issuer], env);
      expect(code).toBe(0);
      expect(report.attestations[0]?.verified).toBe(true);
      expect(tuf.requests).toContain('/targets/trusted_root.json');
    } finally {
      await tuf.stop();
    }
  });
});

async function ok(run: Promise<CliRun>): Promise<void> {
  const result = await run;
  expect(result.code, result.stderr).toBe(0);
}

// One bare pod running the pushed image, as the API server would hold it.
function clusterRunning(image: string): object {
  return {
    schema: 'https://trailmark.dev/cluster-snapshot/v1',
    capturedAt: '2024-03-06T10:00:00Z',
    source: { kind: 'snapshot', context: 'e2e' },
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'app', namespace: 'shop', uid: '6a1f0c2e-0000-4000-8000-000000000001' },
        spec: { containers: [{ name: 'app', image }] },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'app', image, imageID: image, ready: true, started: true }],
        },
      },
    ],
  };
}

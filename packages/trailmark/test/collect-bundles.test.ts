import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '@trailmark/attest';
import { PREDICATE_TYPE, type Statement } from '@trailmark/core';
import { createRegistryAttestationStore } from '@trailmark/oci';
import {
  createTempDir,
  pushTestImage,
  startFakeGithub,
  startRegistry,
  type FakeGithub,
  type TempDir,
  type TestRegistry,
} from '@trailmark/testing';
import { verifyAttestations, type TrustedIdentity } from '@trailmark/verify';
import { collectBundles } from '../src/collect-bundles.js';
import { createKeyBundler } from '../src/signers.js';

// Real sources: a temp directory, Debian's docker-registry on 127.0.0.1 (tag fallback: 2.8.2 has
// no referrers API), and the fake GitHub API serving the recorded list-attestations shape.

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = createKeyBundler(key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const identity: TrustedIdentity = {
  kind: 'key',
  publicKeyPem: signer.publicKeyPem,
  name: 'release.pub',
};

let registry: TestRegistry;
let github: FakeGithub;
let temp: TempDir;
let image: { digest: string; image: string };
let bundleText: string;

function statementAbout(digest: string): Statement {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'shop', digest: { sha256: digest.slice('sha256:'.length) } }],
    predicateType: PREDICATE_TYPE.cyclonedx,
    predicate: { bomFormat: 'CycloneDX', specVersion: '1.6' },
  };
}

beforeAll(async () => {
  registry = await startRegistry();
  image = await pushTestImage(registry.url, 'acme/shop');
  const json = await signStatement(statementAbout(image.digest), signer.bundler);
  bundleText = `${JSON.stringify(json, null, 2)}\n`; // as attest writes it
  temp = await createTempDir('trailmark-collect-');
  await mkdir(join(temp.path, 'bundles', 'nested'), { recursive: true });
  await writeFile(join(temp.path, 'bundles', 'nested', 'shop.sigstore.json'), bundleText);
  await writeFile(join(temp.path, 'bundles', 'sbom.cdx.json'), '{"bomFormat":"CycloneDX"}');
  await writeFile(join(temp.path, 'bundles', 'broken.sigstore'), '{"mediaType":');
  await createRegistryAttestationStore({ insecure: true }).pushBundle(
    image.image,
    JSON.stringify(json),
    PREDICATE_TYPE.cyclonedx,
  );
  github = await startFakeGithub({
    attestations: { [`acme/shop@${image.digest}`]: [json] },
  });
}, 60_000);

afterAll(async () => {
  await github.stop();
  await registry.stop();
  await temp.cleanup();
});

describe('collectBundles', () => {
  it('reads bundle directories recursively; other JSON is not a candidate', async () => {
    const found = await collectBundles({ cwd: temp.path, bundleDirs: ['bundles'], images: [] });
    expect(found.bundles.map((b) => b.source)).toEqual([
      { kind: 'dir', location: 'bundles/broken.sigstore' },
      { kind: 'dir', location: 'bundles/nested/shop.sigstore.json' },
    ]);
  });

  it('a missing directory is an input error naming it', async () => {
    await expect(
      collectBundles({ cwd: temp.path, bundleDirs: ['nope'], images: [] }),
    ).rejects.toMatchObject({
      code: 'INPUT_NOT_FOUND',
      message: expect.stringContaining('nope') as string,
    });
  });

  it('finds the bundle in the registry (tag fallback) and verifies it', async () => {
    const found = await collectBundles({
      cwd: temp.path,
      bundleDirs: [],
      images: [{ ref: `${registry.url}/acme/shop:latest`, digest: image.digest }],
      oci: { enabled: true, insecure: true, retries: 0 },
    });
    expect(found.bundles).toHaveLength(1);
    expect(found.bundles[0]?.source.kind).toBe('oci');
    expect(found.bundles[0]?.source.location).toMatch(
      new RegExp(`^${registry.url.replace('.', '\\.')}/acme/shop@sha256:[0-9a-f]{64}$`),
    );
    const [evidence] = verifyAttestations({
      bundles: found.bundles,
      trustedRoots: [],
      identities: [identity],
    });
    expect(evidence).toMatchObject({
      verified: true,
      subjects: [{ name: 'shop', digest: image.digest }],
    });
  });

  it('asks GitHub once per repository and digest; a 404 is none', async () => {
    const before = github.requests.length;
    const other = `sha256:${'0'.repeat(64)}`;
    const found = await collectBundles({
      cwd: temp.path,
      bundleDirs: [],
      images: [
        { ref: 'ghcr.io/acme/shop:1', digest: image.digest },
        { ref: 'ghcr.io/acme/shop:2', digest: image.digest },
        { ref: 'ghcr.io/acme/other:1', digest: other },
      ],
      github: { token: github.token, apiUrl: github.url, repositories: ['acme/shop'], retries: 0 },
    });
    const asked = github.requests
      .slice(before)
      .map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
    expect(asked.sort()).toEqual(
      [
        `GET /repos/acme/shop/attestations/${image.digest}`,
        `GET /repos/acme/shop/attestations/${other}`,
      ].sort(),
    );
    expect(found.bundles.map((b) => b.source)).toEqual([
      { kind: 'github', location: `${github.url}/repos/acme/shop/attestations/${image.digest}` },
    ]);
  });

  it('a bundle present in all three sources is verified once, with three sources', async () => {
    const found = await collectBundles({
      cwd: temp.path,
      bundleDirs: ['bundles'],
      images: [
        { ref: `${registry.url}/acme/shop:latest`, digest: image.digest },
        { ref: `${registry.url}/acme/shop@${image.digest}`, digest: image.digest },
      ],
      oci: { enabled: true, insecure: true, retries: 0 },
      github: { token: github.token, apiUrl: github.url, repositories: ['acme/shop'], retries: 0 },
    });
    expect(found.fetched.oci).toEqual([`${registry.url}/acme/shop@${image.digest}`]);
    const verifications: string[] = [];
    const evidence = verifyAttestations({
      bundles: found.bundles,
      trustedRoots: [],
      identities: [identity],
      onVerify: (id) => verifications.push(id),
    });
    const good = evidence.filter((e) => e.verified);
    expect(good).toHaveLength(1);
    expect(good[0]?.sources.map((s) => s.kind)).toEqual(['dir', 'github', 'oci']);
    expect(verifications).toHaveLength(2); // the good bundle once, broken.sigstore once
    expect(evidence.find((e) => !e.verified)?.rejection).toBe('MALFORMED');
  });

  it('GitHub’s bundle_url form (bundle: null, Snappy blob) gives the same bundle', async () => {
    const json = JSON.parse(bundleText) as unknown;
    const blobs = await startFakeGithub({
      attestations: { [`acme/shop@${image.digest}`]: [json] },
      bundleUrls: true,
    });
    try {
      const found = await collectBundles({
        cwd: temp.path,
        bundleDirs: ['bundles'],
        images: [{ ref: 'ghcr.io/acme/shop:1', digest: image.digest }],
        github: { token: blobs.token, apiUrl: blobs.url, repositories: ['acme/shop'], retries: 0 },
      });
      const evidence = verifyAttestations({
        bundles: found.bundles,
        trustedRoots: [],
        identities: [identity],
      });
      expect(evidence.find((e) => e.verified)?.sources.map((s) => s.kind)).toEqual([
        'dir',
        'github',
      ]);
    } finally {
      await blobs.stop();
    }
  });

  it('credentials go only to the registry they are for', async () => {
    const locked = await startRegistry({ auth: true });
    try {
      const credentials = locked.credentials!;
      const pushed = await pushTestImage(locked.url, 'acme/shop', { credentials });
      const json = await signStatement(statementAbout(pushed.digest), signer.bundler);
      await createRegistryAttestationStore({ insecure: true, credentials }).pushBundle(
        pushed.image,
        JSON.stringify(json),
        PREDICATE_TYPE.cyclonedx,
      );
      const ask = (byHost: Record<string, typeof credentials>) =>
        collectBundles({
          cwd: temp.path,
          bundleDirs: [],
          images: [{ ref: `${locked.url}/acme/shop:latest`, digest: pushed.digest }],
          oci: { enabled: true, insecure: true, retries: 0, credentials: byHost },
        });
      expect((await ask({ [locked.url]: credentials })).bundles).toHaveLength(1);
      await expect(ask({ 'ghcr.io': credentials })).rejects.toMatchObject({ code: 'OCI_AUTH' });
    } finally {
      await locked.stop();
    }
  });

  it('an unreachable registry is OCI_UNREACHABLE (exit 3)', async () => {
    await expect(
      collectBundles({
        cwd: temp.path,
        bundleDirs: [],
        images: [{ ref: '127.0.0.1:9/acme/shop', digest: image.digest }],
        oci: { enabled: true, insecure: true, retries: 0, timeoutMs: 2000 },
      }),
    ).rejects.toMatchObject({ code: 'OCI_UNREACHABLE' });
  });
});

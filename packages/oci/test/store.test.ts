import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTrailmarkError } from '@trailmark/core';
import { BUNDLE_MEDIA_TYPE, OciError, createRegistryAttestationStore } from '@trailmark/oci';
import {
  pushTestImage,
  startReferrersProxy,
  startRegistry,
  type TestRegistry,
} from '@trailmark/testing';

const PROVENANCE = 'https://slsa.dev/provenance/v1';
const ORIGIN = 'https://trailmark.dev/deployment-origin/v1';

/** A bundle-shaped document (the store treats bundles as opaque JSON text). */
function bundleJson(predicateType: string, digest: string): string {
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: 'app', digest: { sha256: digest.slice(7) } }],
    predicateType,
    predicate: {},
  };
  return JSON.stringify({
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: 'test' } },
    dsseEnvelope: {
      payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
      payloadType: 'application/vnd.in-toto+json',
      signatures: [],
    },
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isTrailmarkError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('registry attestation store against Debian docker-registry 2.8.2', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  // Setup may have failed before the registry started: stop it only if it exists.
  afterAll(async () => {
    await (registry as TestRegistry | undefined)?.stop();
  });

  it('attaches two bundles through the sha256-<hex> tag fallback and reads both back', async () => {
    const { image, digest } = await pushTestImage(registry.url, 'acme/shop');
    const store = createRegistryAttestationStore({ insecure: true, retryDelayMs: 10 });
    const provenance = bundleJson(PROVENANCE, digest);
    const origin = bundleJson(ORIGIN, digest);

    const first = await store.pushBundle(image, provenance, PROVENANCE);
    const second = await store.pushBundle(image, origin, ORIGIN);

    expect(first.via).toBe('tag');
    expect(second.via).toBe('tag');
    const tagIndex = (await (
      await fetch(`http://${registry.url}/v2/acme/shop/manifests/${digest.replace(':', '-')}`, {
        headers: { accept: 'application/vnd.oci.image.index.v1+json' },
      })
    ).json()) as { manifests: { digest: string; artifactType: string }[] };
    expect(tagIndex.manifests.map((entry) => entry.digest).sort()).toEqual(
      [first.digest, second.digest].sort(),
    );
    expect(tagIndex.manifests.every((entry) => entry.artifactType === BUNDLE_MEDIA_TYPE)).toBe(
      true,
    );

    const bundles = await store.listBundles(image);
    expect(new Set(bundles.map((bundle) => bundle.predicateType))).toEqual(
      new Set([PROVENANCE, ORIGIN]),
    );
    expect(bundles.find((bundle) => bundle.digest === first.digest)?.bundleJson).toBe(provenance);
    expect(bundles.find((bundle) => bundle.digest === second.digest)?.bundleJson).toBe(origin);
    expect(bundles.map((bundle) => bundle.digest)).toEqual(
      [first.digest, second.digest].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('uses the referrers API when the registry has one (OCI 1.1 front on the real registry)', async () => {
    const proxy = await startReferrersProxy(registry.url);
    try {
      const { image, digest } = await pushTestImage(proxy.url, 'acme/api');
      const store = createRegistryAttestationStore({ insecure: true, retryDelayMs: 10 });
      const pushed = await store.pushBundle(image, bundleJson(ORIGIN, digest), ORIGIN);
      expect(pushed.via).toBe('referrers');
      const tag = await fetch(
        `http://${registry.url}/v2/acme/api/manifests/${digest.replace(':', '-')}`,
      );
      expect(tag.status).toBe(404);

      const bundles = await store.listBundles(image);
      expect(bundles).toEqual([
        { digest: pushed.digest, predicateType: ORIGIN, bundleJson: bundleJson(ORIGIN, digest) },
      ]);
      expect(proxy.requests).toContain(`GET /v2/acme/api/referrers/${digest}`);
      expect(proxy.requests).not.toContain(
        `GET /v2/acme/api/manifests/${digest.replace(':', '-')}`,
      );
    } finally {
      await proxy.stop();
    }
  });

  it('lists nothing for an image without bundles and refuses images that do not exist', async () => {
    const { image } = await pushTestImage(registry.url, 'acme/empty');
    const store = createRegistryAttestationStore({ insecure: true, retryDelayMs: 10 });
    expect(await store.listBundles(image)).toEqual([]);
    const missing = `${registry.url}/acme/empty@sha256:${'1'.repeat(64)}`;
    expect(await codeOf(store.listBundles(missing))).toBe('OCI_NOT_FOUND');
    expect(await codeOf(store.pushBundle(missing, '{}', ORIGIN))).toBe('OCI_NOT_FOUND');
  });

  it('ignores credentials for a registry that asks for none (the @sigstore/oci "Invalid challenge" pitfall)', async () => {
    const { image, digest } = await pushTestImage(registry.url, 'acme/anon');
    const store = createRegistryAttestationStore({
      insecure: true,
      credentials: { username: 'u', password: 'p' },
      retryDelayMs: 10,
    });
    expect((await store.pushBundle(image, bundleJson(ORIGIN, digest), ORIGIN)).via).toBe('tag');
    expect(await store.listBundles(image)).toHaveLength(1);
  });

  it('refuses a bad image reference and plain http without insecure', async () => {
    const store = createRegistryAttestationStore({ retryDelayMs: 10 });
    const image = `${registry.url}/acme/shop@sha256:${'a'.repeat(64)}`;
    expect(await codeOf(store.pushBundle(image, '{}', ORIGIN))).toBe('INPUT_INVALID');
    expect(
      await codeOf(
        createRegistryAttestationStore({ insecure: true }).listBundles('acme/shop:latest'),
      ),
    ).toBe('INPUT_INVALID');
    expect(
      await codeOf(
        createRegistryAttestationStore({ insecure: true }).listBundles(
          `acme/shop@sha256:${'a'.repeat(64)}`,
        ),
      ),
    ).toBe('INPUT_INVALID');
  });
});

describe('registry attestation store with Basic auth (htpasswd)', () => {
  let registry: TestRegistry;
  const wrong = { username: 'trailmark', password: 'wrong-password-7f3a' };
  beforeAll(async () => {
    registry = await startRegistry({ auth: true });
  });
  // Setup may have failed before the registry started: stop it only if it exists.
  afterAll(async () => {
    await (registry as TestRegistry | undefined)?.stop();
  });

  it('pushes and lists with the right credentials', async () => {
    const credentials = registry.credentials!;
    const { image, digest } = await pushTestImage(registry.url, 'acme/private', { credentials });
    const store = createRegistryAttestationStore({ insecure: true, credentials, retryDelayMs: 10 });
    expect((await store.pushBundle(image, bundleJson(PROVENANCE, digest), PROVENANCE)).via).toBe(
      'tag',
    );
    expect((await store.listBundles(image)).map((bundle) => bundle.predicateType)).toEqual([
      PROVENANCE,
    ]);
  });

  it('maps wrong or missing credentials to OCI_AUTH without leaking them', async () => {
    const { image } = await pushTestImage(registry.url, 'acme/private', {
      credentials: registry.credentials!,
    });
    const errors: unknown[] = [];
    for (const store of [
      createRegistryAttestationStore({ insecure: true, credentials: wrong, retryDelayMs: 10 }),
      createRegistryAttestationStore({ insecure: true, retryDelayMs: 10 }),
    ]) {
      for (const attempt of [
        () => store.pushBundle(image, '{}', ORIGIN),
        () => store.listBundles(image),
      ]) {
        const err = await attempt().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(err).toBeInstanceOf(OciError);
        expect((err as OciError).code).toBe('OCI_AUTH');
        errors.push(err);
      }
    }
    const secrets = [
      wrong.password,
      Buffer.from(`${wrong.username}:${wrong.password}`).toString('base64'),
    ];
    for (const err of errors) {
      const text = `${(err as Error).message}\n${inspect(err, { depth: 20 })}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});

describe('registry attestation store when the registry is down or failing', () => {
  it('gives OCI_UNREACHABLE after bounded retries when nothing listens', async () => {
    const registry = await startRegistry();
    const { image } = await pushTestImage(registry.url, 'acme/gone');
    await registry.stop();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const store = createRegistryAttestationStore({
      insecure: true,
      retries: 2,
      retryDelayMs: 5,
      fetch: counting,
    });
    const listed = await store.listBundles(image).then(
      () => undefined,
      (err: unknown) => err as OciError,
    );
    expect(listed?.code).toBe('OCI_UNREACHABLE');
    expect(listed?.message).toMatch(/after 3 attempts \(ECONNREFUSED\)/);
    expect(calls).toBe(3);
    expect(await codeOf(store.pushBundle(image, '{}', ORIGIN))).toBe('OCI_UNREACHABLE');
  });

  it('retries 5xx a bounded number of times, then OCI_UNREACHABLE', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const image = `127.0.0.1:${String((server.address() as AddressInfo).port)}/acme/shop@sha256:${'b'.repeat(64)}`;
    try {
      const store = createRegistryAttestationStore({ insecure: true, retries: 2, retryDelayMs: 5 });
      expect(await codeOf(store.listBundles(image))).toBe('OCI_UNREACHABLE');
      expect(hits).toBe(3);
      hits = 0;
      expect(await codeOf(store.pushBundle(image, '{}', ORIGIN))).toBe('OCI_UNREACHABLE');
      expect(hits).toBe(3);
    } finally {
      server.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type PushedTestImage,
  type TestRegistry,
} from '@trailmark/testing';
import { digestAliases, toEvaluateAliases } from '../src/digest-aliases.js';

// Debian's docker-registry on 127.0.0.1 holding a two-platform OCI index.

let registry: TestRegistry;
let amd64: PushedTestImage;
let arm64: PushedTestImage;
let index: PushedTestImage;

beforeAll(async () => {
  registry = await startRegistry();
  amd64 = await pushTestImage(registry.url, 'acme/shop', { tag: 'amd64', content: 'amd64\n' });
  arm64 = await pushTestImage(registry.url, 'acme/shop', { tag: 'arm64', content: 'arm64\n' });
  index = await pushTestIndex(registry.url, 'acme/shop', [
    { digest: amd64.digest, size: amd64.size, architecture: 'amd64' },
    { digest: arm64.digest, size: arm64.size, architecture: 'arm64' },
  ]);
}, 60_000);

afterAll(async () => {
  await registry.stop();
});

describe('digestAliases', () => {
  it('a container running a platform digest, its reference a tag: platform → index', async () => {
    const found = await digestAliases({
      images: [{ ref: `${registry.url}/acme/shop:multi`, digest: amd64.digest }],
      insecure: true,
    });
    expect(found.warnings).toEqual([]);
    expect(found.indexesOf.get(amd64.digest)).toEqual([index.digest]);
    expect(found.indexesOf.get(arm64.digest)).toEqual([index.digest]);
    expect(found.platformsOf.get(index.digest)).toEqual([amd64.digest, arm64.digest].sort());
    // What evaluate() gets: platform → index only, never index → a platform.
    expect(toEvaluateAliases(found)).toEqual(
      new Map([
        [amd64.digest, index.digest],
        [arm64.digest, index.digest],
      ]),
    );
  });

  it('a container pinned to the index digest', async () => {
    const found = await digestAliases({
      images: [{ ref: `${registry.url}/acme/shop@${index.digest}`, digest: index.digest }],
      insecure: true,
    });
    expect(found.indexesOf.get(arm64.digest)).toEqual([index.digest]);
  });

  it('a single-platform image has no aliases', async () => {
    const found = await digestAliases({
      images: [{ ref: `${registry.url}/acme/shop:amd64`, digest: amd64.digest }],
      insecure: true,
    });
    expect(found.indexesOf.size + found.platformsOf.size).toBe(0);
  });

  it('an unreachable registry gives no aliases and a warning, not a failure', async () => {
    const found = await digestAliases({
      images: [{ ref: '127.0.0.1:9/acme/shop:multi', digest: amd64.digest }],
      insecure: true,
      retries: 0,
      timeoutMs: 2000,
    });
    expect(found.indexesOf.size).toBe(0);
    expect(found.warnings.join('\n')).toMatch(/127\.0\.0\.1:9\/acme\/shop.*could not be reached/);
  });
});

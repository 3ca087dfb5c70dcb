import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  startTestSigstore,
  startTufRepository,
  type TempDir,
  type TestSigstore,
  type TestTufRepository,
} from '@trailmark/testing';
import { resolveTrustRoots } from '../src/trust-roots.js';

// A TUF repository on 127.0.0.1 (signed metadata from @tufjs/repo-mock) whose trusted_root.json is
// the test Sigstore's root: @sigstore/tuf verifies the metadata chain from the given root.json.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{
  sigstore: TestSigstore;
  tuf: TestTufRepository;
  cache: TempDir;
}> {
  const sigstore = await startTestSigstore();
  const tuf = await startTufRepository([
    { name: 'trusted_root.json', content: JSON.stringify(sigstore.trustedRoot) },
  ]);
  const cache = await createTempDir('trailmark-tuf-cache-');
  cleanups.push(
    () => sigstore.close(),
    () => tuf.stop(),
    () => cache.cleanup(),
  );
  return { sigstore, tuf, cache };
}

function caIdentity(root: { certificateAuthorities: { uri: string }[] }): string[] {
  return root.certificateAuthorities.map((ca) => ca.uri);
}

describe('resolveTrustRoots', () => {
  it('fetches public-good’s root through TUF from the local repository, and caches it', async () => {
    const { sigstore, tuf, cache } = await setup();
    const resolved = await resolveTrustRoots({
      cwd: cache.path,
      tuf: { mirrorUrl: tuf.url, cachePath: cache.path, rootPath: tuf.rootPath },
      instances: ['public-good'],
    });
    expect(resolved.origins).toEqual([`tuf ${tuf.url}`]);
    expect(caIdentity(resolved.roots[0]!)).toEqual([sigstore.url]);
    expect(tuf.requests).toEqual(
      expect.arrayContaining(['/timestamp.json', '/snapshot.json', '/targets.json']),
    );
    expect(
      tuf.requests.some((p) => p.startsWith('/targets/') && p.endsWith('trusted_root.json')),
    ).toBe(true);
    const cached = join(
      cache.path,
      encodeURIComponent(new URL(tuf.url).host),
      'targets',
      'trusted_root.json',
    );
    expect(existsSync(cached)).toBe(true);
    expect(JSON.parse(readFileSync(cached, 'utf8'))).toEqual(sigstore.trustedRoot);

    // Offline: the cache answers once the mirror is gone.
    await tuf.stop();
    cleanups.splice(cleanups.indexOf(cleanups[1]!), 1);
    const offline = await resolveTrustRoots({
      cwd: cache.path,
      tuf: { mirrorUrl: tuf.url, cachePath: cache.path, rootPath: tuf.rootPath, offline: true },
      instances: ['public-good'],
    });
    expect(caIdentity(offline.roots[0]!)).toEqual([sigstore.url]);
  });

  it('an unreachable mirror (no cache) is TRUST_UNAVAILABLE', async () => {
    const { tuf, cache } = await setup();
    await expect(
      resolveTrustRoots({
        cwd: cache.path,
        tuf: { mirrorUrl: 'http://127.0.0.1:9', cachePath: cache.path, rootPath: tuf.rootPath },
        instances: ['public-good'],
      }),
    ).rejects.toMatchObject({
      code: 'TRUST_UNAVAILABLE',
      message: expect.stringContaining('http://127.0.0.1:9') as string,
    });
  });

  it('metadata signed by another repository’s root does not verify', async () => {
    const { tuf, cache } = await setup();
    const other = await startTufRepository([{ name: 'trusted_root.json', content: '{}' }]);
    cleanups.push(() => other.stop());
    await expect(
      resolveTrustRoots({
        cwd: cache.path,
        tuf: { mirrorUrl: tuf.url, cachePath: cache.path, rootPath: other.rootPath },
        instances: ['public-good'],
      }),
    ).rejects.toMatchObject({
      code: 'TRUST_UNAVAILABLE',
      message: expect.stringContaining('TUF_REFRESH_METADATA_ERROR') as string,
    });
  });

  it('without TUF: the bundled public-good and GitHub roots', async () => {
    const resolved = await resolveTrustRoots({ cwd: process.cwd() });
    expect(resolved.origins).toEqual([
      'bundled public-good.trusted_root.json',
      'bundled github.trusted_root.json',
    ]);
    expect(resolved.roots).toHaveLength(2);
  });

  it('--trusted-root FILE alone, for air-gapped use', async () => {
    const { sigstore, cache } = await setup();
    const file = join(cache.path, 'root.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, JSON.stringify(sigstore.trustedRoot));
    const resolved = await resolveTrustRoots({ cwd: cache.path, trustedRootFile: 'root.json' });
    expect(resolved.origins).toEqual(['file root.json']);
    expect(caIdentity(resolved.roots[0]!)).toEqual([sigstore.url]);
    await expect(
      resolveTrustRoots({ cwd: cache.path, trustedRootFile: 'missing.json' }),
    ).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '@trailmark/attest';
import { PREDICATE_TYPE } from '@trailmark/core';
import { createRegistryAttestationStore } from '@trailmark/oci';
import {
  createTempDir,
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type TempDir,
  type TestRegistry,
} from '@trailmark/testing';
import { indexEvidence } from '@trailmark/verify';
import { gatherEvidence } from '../src/gather-evidence.js';
import { createKeyBundler } from '../src/signers.js';

// A multi-platform image whose INDEX is attested in the registry; the container runs the amd64
// manifest. gatherEvidence finds the bundle, verifies it with the --key file, and the aliases
// lead from the running digest to the attested index.

let registry: TestRegistry;
let temp: TempDir;
const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = createKeyBundler(key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

beforeAll(async () => {
  registry = await startRegistry();
  temp = await createTempDir('trailmark-gather-');
  await writeFile(join(temp.path, 'release.pub'), signer.publicKeyPem);
}, 60_000);
afterAll(async () => {
  await registry.stop();
  await temp.cleanup();
});

describe('gatherEvidence', () => {
  it('a container running a platform digest is covered by the attested index', async () => {
    const amd64 = await pushTestImage(registry.url, 'acme/web', { tag: 'amd64', content: 'a\n' });
    const arm64 = await pushTestImage(registry.url, 'acme/web', { tag: 'arm64', content: 'b\n' });
    const index = await pushTestIndex(registry.url, 'acme/web', [
      { digest: amd64.digest, size: amd64.size, architecture: 'amd64' },
      { digest: arm64.digest, size: arm64.size, architecture: 'arm64' },
    ]);
    const bundle = await signStatement(
      {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'web', digest: { sha256: index.digest.slice(7) } }],
        predicateType: PREDICATE_TYPE.cyclonedx,
        predicate: { bomFormat: 'CycloneDX' },
      },
      signer.bundler,
    );
    await createRegistryAttestationStore({ insecure: true }).pushBundle(
      index.image,
      JSON.stringify(bundle),
      PREDICATE_TYPE.cyclonedx,
    );
    const gathered = await gatherEvidence({
      cwd: temp.path,
      bundleDirs: [],
      images: [{ ref: `${registry.url}/acme/web:multi`, digest: amd64.digest }],
      oci: { enabled: true, insecure: true, retries: 0 },
      trust: { instances: [] },
      identities: [],
      keyFiles: ['release.pub'],
    });
    expect(gathered.warnings).toEqual([]);
    expect(gathered.trustOrigins).toEqual([]);
    // The bundle hangs on the index; the registry is asked for the running (amd64) digest and
    // finds nothing there, so the index's referrers are where the evidence must come from.
    const running = indexEvidence(gathered.evidence).get(amd64.digest) ?? [];
    const viaIndex = (gathered.aliases.indexesOf.get(amd64.digest) ?? []).flatMap(
      (digest) => indexEvidence(gathered.evidence).get(digest) ?? [],
    );
    expect(running).toEqual([]);
    expect(gathered.aliases.indexesOf.get(amd64.digest)).toEqual([index.digest]);
    expect(gathered.evaluateAliases.get(amd64.digest)).toBe(index.digest);
    expect(gathered.evaluateAliases.has(index.digest)).toBe(false);
    expect(viaIndex.map((e) => [e.verified, e.identity])).toEqual([[true, 'key release.pub']]);
  });
});

import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOTS, fixturePath, readJson, stagingWithTestTsa } from './helpers/fixtures.js';

// What @sigstore/verify 3.1.1 and @sigstore/bundle 4.0.0 do on their own, on real inputs. Each is
// a reason for code in src/; when an upgrade makes one of these fail, revisit that code.

const bundleOf = (path: string) => bundleFromJSON(readJson(path));
const rootOf = (path: string) => TrustedRoot.fromJSON(readJson(path));
const bytesOf = (path: string) => readFileSync(fixturePath(path));

describe('@sigstore/verify 3.1.1 alone', () => {
  it('rejects a Rekor v2 DSSE bundle: it compares the hashedrekord digest with the payload, not the PAE (signed-content.ts)', () => {
    const entity = toSignedEntity(
      bundleOf('sigstore-python/a.dsse.staging-rekor-v2.txt.sigstore.json'),
    );
    const verifier = new Verifier(toTrustMaterial(rootOf(ROOTS.staging)));
    expect(() => verifier.verify(entity)).toThrow('digest mismatch');
  });

  it('crashes on a v0.1 inclusion proof without a checkpoint (trust-check.ts)', () => {
    const entity = toSignedEntity(
      bundleOf('sigstore-python/integration/Python-3.12.5.tgz.sigstore'),
      Buffer.alloc(0),
    );
    const verifier = new Verifier(toTrustMaterial(rootOf(ROOTS.publicGood)));
    expect(() => verifier.verify(entity)).toThrow(TypeError);
  });

  it('rejects a bundle for one RFC 3161 timestamp that does not verify, though another does (timestamps.ts)', () => {
    const entity = toSignedEntity(
      bundleOf('sigstore-python/tsa/bundle.txt.sigstore'),
      bytesOf('sigstore-python/tsa/bundle.txt'),
    );
    const verifier = new Verifier(toTrustMaterial(stagingWithTestTsa()));
    expect(() => verifier.verify(entity)).toThrow('timestamp could not be verified');
  });

  it('reads a trusted-root entry without validFor.start as valid since 1970 (trusted-root.ts)', () => {
    const json = readJson(ROOTS.publicGood);
    const ca = (json.certificateAuthorities as { validFor: { start?: string } }[])[1]!;
    delete ca.validFor.start;
    const material = toTrustMaterial(TrustedRoot.fromJSON(json));
    expect(material.certificateAuthorities[1]?.validFor.start).toEqual(new Date(0));
  });
});

describe('@sigstore/bundle 4.0.0 alone', () => {
  it('accepts an unknown bundle version as the latest (bundle.ts)', () => {
    const json = readJson('sigstore-js-bundles/bundleV03-intoto.sigstore');
    json.mediaType = 'application/vnd.dev.sigstore.bundle.v0.9+json';
    expect(bundleFromJSON(json).mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.9+json');
  });
});

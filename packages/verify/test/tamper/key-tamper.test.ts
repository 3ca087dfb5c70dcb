import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import { verifyAttestations, type TrustedIdentity } from '../../src/index.js';
import { candidate, digestOf, keyBundle, only, statement } from '../helpers/evidence.js';
import { keyPair } from '../helpers/key-bundles.js';

// The tamper corpus for bare-key bundles (`--key`): real P-256 and Ed25519 keys.

const IMAGE = digestOf('ghcr.io/acme/shop@1');
const VALUE = statement(PREDICATE_TYPE.cyclonedx, { bomFormat: 'CycloneDX' }, { web: IMAGE });
const trusted = keyPair('p256');
const attacker = keyPair('p256');
const IDENTITY: TrustedIdentity = {
  kind: 'key',
  publicKeyPem: trusted.publicKeyPem,
  name: 'release.pub',
};

function verifyOne(bundle: unknown, identities: TrustedIdentity[] = [IDENTITY]) {
  return only(verifyAttestations({ bundles: [candidate(bundle)], trustedRoots: [], identities }));
}

describe('tamper corpus (key bundles): none may verify', () => {
  it('baseline: the trusted key verifies', () => {
    expect(verifyOne(keyBundle(trusted.privateKey, VALUE))).toMatchObject({
      verified: true,
      identity: 'key release.pub',
    });
  });

  it('a key bundle signed by another key', () => {
    expect(verifyOne(keyBundle(attacker.privateKey, VALUE))).toMatchObject({
      verified: false,
      rejection: 'UNTRUSTED_SIGNER',
    });
  });

  it('signed by another key but naming the trusted key’s hint', () => {
    const forged = keyBundle(attacker.privateKey, VALUE);
    const honest = keyBundle(trusted.privateKey, VALUE);
    forged.verificationMaterial = honest.verificationMaterial;
    expect(verifyOne(forged)).toMatchObject({ verified: false, rejection: 'SIGNATURE_INVALID' });
  });

  it('an Ed25519 signature presented for a P-256 policy key', () => {
    const ed = keyPair('ed25519');
    expect(verifyOne(keyBundle(ed.privateKey, VALUE)).verified).toBe(false);
  });

  it('a statement type that is not in-toto, validly signed', () => {
    const bundle = keyBundle(trusted.privateKey, {
      ...VALUE,
      _type: 'https://example.com/Statement/v9',
    });
    expect(verifyOne(bundle)).toMatchObject({ verified: false, rejection: 'PREDICATE_INVALID' });
  });

  it('a statement without a predicateType, validly signed', () => {
    const rest: Record<string, unknown> = { ...VALUE };
    delete rest.predicateType;
    expect(verifyOne(keyBundle(trusted.privateKey, rest))).toMatchObject({
      verified: false,
      rejection: 'PREDICATE_INVALID',
    });
  });

  it('an unknown bundle media type', () => {
    const bundle = keyBundle(trusted.privateKey, VALUE);
    bundle.mediaType = 'application/vnd.dev.sigstore.bundle.v0.9+json';
    expect(verifyOne(bundle)).toMatchObject({ verified: false, rejection: 'MALFORMED' });
  });

  it('a key bundle with no key identity in the policy', () => {
    const identities: TrustedIdentity[] = [
      {
        kind: 'certificate',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: { exact: 'x' },
      },
    ];
    expect(verifyOne(keyBundle(trusted.privateKey, VALUE), identities).rejection).toBe(
      'UNTRUSTED_SIGNER',
    );
  });
});

import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { supportsPrehashedEcdsa, verifyPrehashedEcdsa } from '../src/ecdsa-prehashed.js';

// Checked against signatures made by Node's (OpenSSL's) ECDSA.

describe.each([
  ['P-256', 'prime256v1', ['sha256', 'sha384', 'sha512']],
  ['P-384', 'secp384r1', ['sha256', 'sha384', 'sha512']],
] as const)('verifyPrehashedEcdsa on %s', (_, namedCurve, hashes) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });

  it.each(hashes)('accepts OpenSSL signatures over a %s digest, rejects any change', (hash) => {
    const message = randomBytes(100);
    const digest = createHash(hash).update(message).digest();
    const signature = sign(hash, message, privateKey);
    expect(verifyPrehashedEcdsa(digest, publicKey, signature)).toBe(true);
    const otherDigest = Buffer.from(digest);
    otherDigest[0] = otherDigest[0]! ^ 0x80;
    expect(verifyPrehashedEcdsa(otherDigest, publicKey, signature)).toBe(false);
    const otherSignature = Buffer.from(signature);
    otherSignature[otherSignature.length - 1] = otherSignature[otherSignature.length - 1]! ^ 0x01;
    expect(verifyPrehashedEcdsa(digest, publicKey, otherSignature)).toBe(false);
  });

  it('rejects a signature by another key', () => {
    const other = generateKeyPairSync('ec', { namedCurve });
    const message = randomBytes(32);
    const signature = sign('sha256', message, other.privateKey);
    expect(
      verifyPrehashedEcdsa(createHash('sha256').update(message).digest(), publicKey, signature),
    ).toBe(false);
  });
});

describe('verifyPrehashedEcdsa on malformed input', () => {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const digest = createHash('sha256').update('x').digest();
  // SEQUENCE { INTEGER r, INTEGER s } with the given one-byte values.
  const der = (r: number, s: number): Buffer =>
    Buffer.from([0x30, 0x06, 0x02, 0x01, r, 0x02, 0x01, s]);

  it.each([
    ['not DER', Buffer.from('nonsense')],
    ['empty', Buffer.alloc(0)],
    ['r = 0', der(0, 1)],
    ['s = 0', der(1, 0)],
    ['a sequence of one integer', Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])],
  ])('returns false for %s', (_, signature) => {
    expect(verifyPrehashedEcdsa(digest, publicKey, signature)).toBe(false);
  });

  it('supports only EC keys on P-256 and P-384', () => {
    expect(supportsPrehashedEcdsa(publicKey)).toBe(true);
    expect(supportsPrehashedEcdsa(generateKeyPairSync('ed25519').publicKey)).toBe(false);
    expect(
      supportsPrehashedEcdsa(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey),
    ).toBe(false);
  });
});

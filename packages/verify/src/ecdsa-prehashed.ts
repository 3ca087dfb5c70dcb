import type { KeyObject } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';

// Why this file exists: a Sigstore message signature is ECDSA over the artifact's digest, and the
// conformance protocol may hand us only that digest (`sha256:<hex>`). Node's crypto has no
// "verify a pre-hashed message" call for ECDSA, so the audited @noble/curves does it (sigstore-js's
// own conformance CLI pulls in `elliptic` for the same reason).

const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

type CurveName = keyof typeof CURVES;

function curveOf(key: KeyObject): CurveName | undefined {
  const crv = key.export({ format: 'jwk' }).crv;
  return crv === 'P-256' || crv === 'P-384' ? crv : undefined;
}

/** True when `key` is an EC key on a curve {@link verifyPrehashedEcdsa} handles. */
export function supportsPrehashedEcdsa(key: KeyObject): boolean {
  return curveOf(key) !== undefined;
}

/**
 * Verifies a DER-encoded ECDSA `signature` (P-256 or P-384) over an already computed `digest`.
 * High-S signatures are accepted, as OpenSSL and the Sigstore clients produce them. Returns false
 * for any malformed input.
 */
export function verifyPrehashedEcdsa(
  digest: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
): boolean {
  const name = curveOf(key);
  if (name === undefined) return false;
  const publicKey = new Uint8Array(
    key.export({ format: 'der', type: 'spki' }).subarray(-(name === 'P-256' ? 65 : 97)),
  );
  try {
    return CURVES[name].verify(signature, digest, publicKey, {
      prehash: false,
      lowS: false,
      format: 'der',
    });
  } catch {
    return false; // noble throws on malformed DER or points; that is a failed verification.
  }
}

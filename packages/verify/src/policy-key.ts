import { foreignCause } from '@trailmark/core';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { KeyFinderFunc } from '@sigstore/verify';
import { VerifyError } from './error.js';

/** Curves a key policy accepts, in the names Node reports. */
const EC_CURVES: ReadonlySet<string> = new Set(['prime256v1', 'secp384r1']);

/**
 * The public key of a key policy.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` when the PEM does not hold an ECDSA P-256/P-384 or
 *   Ed25519 public key (the message names the key type, never the key).
 */
export function parsePolicyKey(publicKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (err) {
    throw new VerifyError('VERIFY_INVALID_INPUT', 'policy key is not a PEM public key', {
      cause: foreignCause(err),
    });
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (type === 'ed25519' || (type === 'ec' && curve !== undefined && EC_CURVES.has(curve)))
    return key;
  throw new VerifyError(
    'VERIFY_INVALID_INPUT',
    `policy key is ${type ?? 'of an unknown type'}${curve === undefined ? '' : ` on ${curve}`}; expected ECDSA P-256/P-384 or Ed25519`,
  );
}

/**
 * A key finder that answers every hint with the policy's key: the hint in a bundle is a label
 * chosen by the signer, so trust comes from the signature verifying under OUR key, not from it.
 * A bare PEM carries no validity window, so the key is valid at any time.
 */
export function keyFinderFor(key: KeyObject): KeyFinderFunc {
  return () => ({ publicKey: key, validFor: () => true });
}

import { createHash, verify as nodeVerify, type KeyObject } from 'node:crypto';
import type { Envelope, MessageSignature } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import type { SignedEntity } from '@sigstore/verify';
import { verifyPrehashedEcdsa } from './ecdsa-prehashed.js';

/** What `@sigstore/verify` checks a signature and a log entry against. */
export type SignatureContent = SignedEntity['signature'];

/**
 * A message signature checked against the artifact: over its bytes when we have them, else
 * over its digest (ECDSA only). Unlike `@sigstore/verify`'s own, it also handles Ed25519 keys,
 * which sign the message itself rather than a digest.
 */
export class MessageContent implements SignatureContent {
  readonly signature: Buffer;

  constructor(
    private readonly message: MessageSignature,
    private readonly artifact: { bytes?: Uint8Array; digest: Uint8Array; hash: string },
  ) {
    this.signature = message.signature;
  }

  compareSignature(signature: Buffer): boolean {
    return bytesEqual(signature, this.signature);
  }

  compareDigest(digest: Buffer): boolean {
    return bytesEqual(digest, this.message.messageDigest.digest);
  }

  verifySignature(key: KeyObject): boolean {
    const { bytes, digest, hash } = this.artifact;
    if (key.asymmetricKeyType === 'ed25519') {
      return bytes !== undefined && safeVerify(() => nodeVerify(null, bytes, key, this.signature));
    }
    if (bytes !== undefined) return safeVerify(() => nodeVerify(hash, bytes, key, this.signature));
    return key.asymmetricKeyType === 'ec' && verifyPrehashedEcdsa(digest, key, this.signature);
  }
}

/**
 * A DSSE envelope. `paeDigest` lets a log entry carry the SHA-256 of the envelope's PAE: Rekor v2
 * logs DSSE as `hashedrekord` 0.0.2 over the PAE, which `@sigstore/verify` 3.1.1 compares with the
 * payload digest instead and so rejects ("digest mismatch").
 */
export class DsseContent implements SignatureContent {
  readonly signature: Buffer;
  private readonly pae: Buffer;

  constructor(
    private readonly envelope: Envelope,
    private readonly paeDigest: boolean,
  ) {
    this.signature = envelope.signatures[0]?.sig ?? Buffer.alloc(0);
    this.pae = dsse.preAuthEncoding(envelope.payloadType, envelope.payload);
  }

  compareSignature(signature: Buffer): boolean {
    return bytesEqual(signature, this.signature);
  }

  compareDigest(digest: Buffer): boolean {
    if (bytesEqual(digest, sha256(this.envelope.payload))) return true;
    return this.paeDigest && bytesEqual(digest, sha256(this.pae));
  }

  verifySignature(key: KeyObject): boolean {
    return safeVerify(() => nodeVerify(null, this.pae, key, this.signature));
  }
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

// Node throws on some malformed signatures; for a verifier that is just "does not verify".
function safeVerify(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

import { crypto, X509Certificate } from '@sigstore/core';
import type { KeyObject } from 'node:crypto';
import { encodeDer, encodedTree } from './der-encode.js';

/**
 * An `X509Certificate` that encodes itself once. `@sigstore/core` 3.2.1 re-encodes a certificate's
 * DER (and its TBS part) from the parsed tree every time it compares or verifies one, allocating
 * a fresh kilobyte buffer per ASN.1 node: most of what verifying a bundle costs. A parsed
 * certificate never changes, so its encodings ({@link encodeDer}: the same bytes) and its key are
 * worked out on first use and kept with it; every answer is the one `X509Certificate` gives.
 * Nothing is shared between certificates: each signature is still checked every time it is asked.
 * Its parsed tree must not be changed after construction (the library never changes one it reads).
 */
export class EncodedCertificate extends X509Certificate {
  #der: Buffer | undefined;
  #tbs: Buffer | undefined;
  #spki: Buffer | undefined;
  #key: KeyObject | undefined;

  /** The certificate's DER, as `root.toDER()` gives it. */
  get der(): Buffer {
    this.#der ??= encodeDer(this.root);
    return this.#der;
  }

  /** The certificate's public key. */
  get key(): KeyObject {
    this.#key ??= crypto.createPublicKey(this.spki);
    return this.#key;
  }

  override get publicKey(): Buffer {
    return Buffer.from(this.spki);
  }

  override verify(issuer?: X509Certificate): boolean {
    const key =
      issuer === undefined
        ? this.key
        : issuer instanceof EncodedCertificate
          ? issuer.key
          : crypto.createPublicKey(issuer.publicKey);
    this.#tbs ??= encodeDer(this.tbsCertificate);
    return crypto.verify(this.#tbs, key, this.signatureValue, this.signatureAlgorithm);
  }

  override equals(other: X509Certificate): boolean {
    const theirs = other instanceof EncodedCertificate ? other.der : other.root.toDER();
    return this.der.equals(theirs);
  }

  /** A copy the caller may change (the library drops the SCT extension from one per SCT check). */
  override clone(): X509Certificate {
    return new X509Certificate(encodedTree(this.root));
  }

  private get spki(): Buffer {
    this.#spki ??= super.publicKey;
    return this.#spki;
  }
}

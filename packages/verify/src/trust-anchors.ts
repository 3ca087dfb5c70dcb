import { ASN1Obj, type X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { EncodedCertificate } from './encoded-certificate.js';

// `@sigstore/verify` 3.1.1 rebuilds the certificate path of every signing certificate and every
// RFC 3161 timestamp from scratch: it re-verifies the trusted root's own CA ← root signatures and
// re-encodes every certificate's DER to compare them, for each bundle. Those answers depend on the
// trusted root alone, so a run works them out once per root (see anchoredMaterial).
//
// Security rests on one rule: an answer is remembered only when BOTH certificates come from the
// same trusted root of the same run. A certificate a bundle carries is never a key of that memo,
// so its signature, its validity at the signing time, its SCTs and the policy are checked for
// every bundle by the library exactly as before; only the CA-to-root work is shared.

/** The certificates of one trusted root, as decoded for one run. */
type RootMembers = Set<X509Certificate>;

/**
 * A certificate of a trusted root's CA or TSA chain. Whether it verifies under another certificate
 * of the same root (or is self-signed) is computed once per run; every other question, and any
 * certificate not of this root, is answered as {@link EncodedCertificate} answers it.
 */
class AnchorCertificate extends EncodedCertificate {
  readonly #members: RootMembers;
  /** this.verify(issuer) for issuers of the same root; `this` stands for "self-signed". */
  readonly #verified = new Map<X509Certificate, boolean>();

  constructor(der: Uint8Array, members: RootMembers) {
    super(ASN1Obj.parseBuffer(Buffer.from(der)));
    this.#members = members;
    members.add(this);
  }

  override verify(issuer?: X509Certificate): boolean {
    // Anything not of this root (a bundle's certificate, another root's) is checked every time.
    if (issuer !== undefined && !this.#members.has(issuer)) return super.verify(issuer);
    const key = issuer ?? this;
    let answer = this.#verified.get(key);
    if (answer === undefined) {
      answer = super.verify(issuer);
      this.#verified.set(key, answer);
    }
    return answer;
  }
}

/**
 * The root's trust material for one run: `toTrustMaterial(root)` with every CA and TSA
 * certificate decoded once as an anchor, so that a run verifies the root's own certificate paths
 * once however many bundles it checks. Make one per root per run and reuse it for that run only
 * (nothing is kept between runs: there is no module state).
 */
export function anchoredMaterial(root: TrustedRoot): TrustMaterial {
  const material = toTrustMaterial(root);
  const members: RootMembers = new Set();
  // toTrustMaterial keeps the root's order: entry i of its lists is entry i of the root's.
  const decode = (authority: TrustedRoot['certificateAuthorities'][number] | undefined) =>
    (authority?.certChain?.certificates ?? []).map(
      (cert) => new AnchorCertificate(cert.rawBytes, members),
    );
  return {
    ...material,
    certificateAuthorities: material.certificateAuthorities.map((ca, i) => ({
      ...ca,
      certChain: decode(root.certificateAuthorities[i]),
    })),
    timestampAuthorities: material.timestampAuthorities.map((tsa, i) => ({
      ...tsa,
      certChain: decode(root.timestampAuthorities[i]),
    })),
  };
}

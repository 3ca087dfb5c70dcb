import type { Bundle } from '@sigstore/bundle';
import type { X509Certificate } from '@sigstore/core';
import type { SignerIdentity } from '@trailmark/core';
import { signerOf, utf8Extension } from './signer.js';

/** Fulcio's GitHub Actions extensions (https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md). */
const EXTENSIONS = {
  buildSignerUri: '1.3.6.1.4.1.57264.1.9',
  sourceRepository: '1.3.6.1.4.1.57264.1.12',
  sourceDigest: '1.3.6.1.4.1.57264.1.13',
  sourceRef: '1.3.6.1.4.1.57264.1.14',
  runInvocationUri: '1.3.6.1.4.1.57264.1.21',
} as const satisfies Partial<Record<keyof SignerIdentity, string>>;

/**
 * Who the bundle says signed it: SAN, issuer and the Fulcio source extensions of the certificate,
 * or the key hint of a bare-key bundle. Only a claim until the bundle verifies.
 */
export function signerIdentityOf(
  bundle: Bundle,
  leaf: X509Certificate | undefined,
): SignerIdentity {
  const identity: SignerIdentity = { ...signerOf(bundle, leaf) };
  if (leaf === undefined) return identity;
  for (const [field, oid] of Object.entries(EXTENSIONS) as [keyof typeof EXTENSIONS, string][]) {
    const value = utf8Extension(leaf, oid);
    if (value !== undefined) identity[field] = value;
  }
  return identity;
}

/** `subject (issuer …)`, or `key <hint>`, for reasons. */
export function describeSigner(signer: SignerIdentity): string {
  if (signer.subjectAlternativeName === undefined && signer.issuer === undefined)
    return `a public key${signer.publicKeyHint === undefined ? '' : ` (hint ${signer.publicKeyHint})`}`;
  return `${signer.subjectAlternativeName ?? '(no SAN)'} (issuer ${signer.issuer ?? 'unknown'})`;
}

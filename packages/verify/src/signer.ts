import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import type { BundleSigner } from './types.js';

/** Fulcio's OIDC issuer extensions: v1 holds the raw string, v2 a DER UTF8String. */
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const UTF8_STRING_TAG = 0x0c;

/** The signing certificate of a bundle (the leaf), or undefined for a public-key bundle. */
export function leafCertificateOf(bundle: Bundle): X509Certificate | undefined {
  const content = bundle.verificationMaterial.content;
  switch (content.$case) {
    case 'certificate':
      return X509Certificate.parse(Buffer.from(content.certificate.rawBytes));
    case 'x509CertificateChain': {
      const leaf = content.x509CertificateChain.certificates[0];
      return leaf === undefined ? undefined : X509Certificate.parse(Buffer.from(leaf.rawBytes));
    }
    case 'publicKey':
      return undefined;
  }
}

/** Who the bundle says signed it: SAN and issuer from the certificate, or the key hint. */
export function signerOf(bundle: Bundle, leaf: X509Certificate | undefined): BundleSigner {
  if (leaf === undefined) {
    const content = bundle.verificationMaterial.content;
    const hint = content.$case === 'publicKey' ? content.publicKey.hint : '';
    return hint === '' ? {} : { publicKeyHint: hint };
  }
  const signer: BundleSigner = {};
  const san = leaf.subjectAltName;
  if (san !== undefined) signer.subjectAlternativeName = san;
  const issuer = issuerOf(leaf);
  if (issuer !== undefined) signer.issuer = issuer;
  return signer;
}

/**
 * The OIDC issuer, parsed rather than compared as bytes: the v2 extension is a DER UTF8String
 * (tag 0x0c, then a length), so its raw bytes never equal the issuer URL.
 */
export function issuerOf(leaf: X509Certificate): string | undefined {
  if (leaf.extension(OID_ISSUER_V2) !== undefined) return utf8Extension(leaf, OID_ISSUER_V2);
  return leaf.extension(OID_ISSUER_V1)?.value.toString('utf8');
}

/**
 * The text of a Fulcio v2 extension (DER UTF8String inside the extension's OCTET STRING), or
 * undefined when absent or not a UTF8String.
 */
export function utf8Extension(leaf: X509Certificate, oid: string): string | undefined {
  const inner = leaf.extension(oid)?.valueObj.subs[0]; // extnValue wraps the UTF8String
  return inner?.tag.toDER() === UTF8_STRING_TAG ? inner.value.toString('utf8') : undefined;
}

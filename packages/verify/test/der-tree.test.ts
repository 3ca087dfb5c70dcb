import { readFileSync, readdirSync } from 'node:fs';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { ASN1Obj, EXTENSION_OID_SCT, RFC3161Timestamp, X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { encodedTree } from '../src/der-encode.js';
import { EncodedCertificate } from '../src/encoded-certificate.js';
import { fixturePath } from './helpers/fixtures.js';

// Encoded trees stand in for the library's own parse where it re-encodes what it parsed: the
// bytes must be the library's, also after the tree is changed as the SCT check changes a clone.

type Der = Buffer<ArrayBuffer>;

/** The signing certificates and RFC 3161 timestamps of every fixture bundle that has them. */
function fixtureMaterial(): { certificates: Der[]; timestamps: Der[] } {
  const certificates: Der[] = [];
  const timestamps: Der[] = [];
  const copy = (bytes: Uint8Array): Der => Buffer.from(bytes);
  for (const dir of [
    'generated',
    'sigstore-js-bundles',
    'sigstore-python',
    'sigstore-python/tsa',
  ]) {
    for (const name of readdirSync(fixturePath(dir)).filter((n) =>
      /\.sigstore(\.json)?$/.test(n),
    )) {
      const bundle = readBundle(`${dir}/${name}`);
      if (bundle === undefined) continue;
      const content = bundle.verificationMaterial.content;
      if (content.$case === 'certificate') certificates.push(copy(content.certificate.rawBytes));
      if (content.$case === 'x509CertificateChain')
        certificates.push(
          ...content.x509CertificateChain.certificates.map((c) => copy(c.rawBytes)),
        );
      const signed = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps;
      timestamps.push(...(signed ?? []).map((t) => copy(t.signedTimestamp)));
    }
  }
  return { certificates, timestamps };
}

/** A fixture bundle, or undefined for the fixtures that are invalid on purpose. */
function readBundle(path: string): Bundle | undefined {
  try {
    return bundleFromJSON(JSON.parse(readFileSync(fixturePath(path), 'utf8')));
  } catch {
    return undefined;
  }
}

/** The TBS DER after dropping the SCT extension, as the library's SCT check computes it. */
function tbsWithoutSct(cert: X509Certificate): Buffer {
  const at = cert.extensions.findIndex((ext) => ext.subs[0]!.toOID() === EXTENSION_OID_SCT);
  if (at >= 0) cert.extensions.splice(at, 1);
  return cert.tbsCertificate.toDER();
}

describe('encoded trees', () => {
  const { certificates, timestamps } = fixtureMaterial();

  it('encode every fixture certificate and every node of it as the library does', () => {
    expect(certificates.length).toBeGreaterThan(10);
    for (const der of certificates) {
      const tree = encodedTree(ASN1Obj.parseBuffer(der));
      expect(tree.toDER().equals(der)).toBe(true);
      const walk = (node: ASN1Obj): void => {
        expect(node.toDER().equals(ASN1Obj.prototype.toDER.call(node))).toBe(true);
        node.subs.forEach(walk);
      };
      walk(tree);
    }
  });

  it('give a certificate clone whose changed TBS is the library clone changed the same way', () => {
    let withSct = 0;
    for (const der of certificates) {
      const library = X509Certificate.parse(der);
      const ours = new EncodedCertificate(ASN1Obj.parseBuffer(der));
      const expected = tbsWithoutSct(library.clone());
      if (!expected.equals(library.tbsCertificate.toDER())) withSct += 1;
      expect(tbsWithoutSct(ours.clone()).equals(expected)).toBe(true);
      // The clone is a copy: the certificate itself still encodes as it was signed.
      expect(ours.der.equals(der)).toBe(true);
      expect(ours.tbsCertificate.toDER().equals(library.tbsCertificate.toDER())).toBe(true);
    }
    expect(withSct).toBeGreaterThan(3);
  });

  it('give RFC 3161 timestamps the same signed bytes as the library parse', () => {
    expect(timestamps.length).toBeGreaterThan(3);
    for (const der of timestamps) {
      const library = RFC3161Timestamp.parse(der);
      const ours = new RFC3161Timestamp(encodedTree(library.root));
      expect(ours.root.toDER().equals(der)).toBe(true);
      expect(ours.tstInfo.raw.equals(library.tstInfo.raw)).toBe(true);
      expect(ours.signingTime.getTime()).toBe(library.signingTime.getTime());
      expect(ours.signerSerialNumber.equals(library.signerSerialNumber)).toBe(true);
    }
  });
});

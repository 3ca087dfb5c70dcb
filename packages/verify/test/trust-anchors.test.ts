import { readFileSync, readdirSync } from 'node:fs';
import { ASN1Obj, X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { encodeDer } from '../src/der-encode.js';
import { EncodedCertificate } from '../src/encoded-certificate.js';
import { anchoredMaterial } from '../src/trust-anchors.js';
import { fixturePath, ROOTS, trustedRoot } from './helpers/fixtures.js';

// The shared and the encoded-once certificates must give exactly the library's answers.

/** Every certificate of the trusted-root fixtures and of the sigstore-js bundle fixtures. */
function fixtureCertificates(): Buffer<ArrayBuffer>[] {
  const fromRoots = Object.values(ROOTS).flatMap((path) => {
    const root = trustedRoot(path);
    return [...root.certificateAuthorities, ...root.timestampAuthorities].flatMap((ca) =>
      (ca.certChain?.certificates ?? []).map((c) => Buffer.from(c.rawBytes)),
    );
  });
  const dir = fixturePath('sigstore-js-bundles');
  const fromBundles = readdirSync(dir)
    .filter((name) => name.endsWith('.sigstore'))
    .flatMap((name) => {
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      return [...text.matchAll(/"rawBytes":\s*"([^"]+)"/g)].map((m) =>
        Buffer.from(m[1]!, 'base64'),
      );
    })
    .filter((bytes) => bytes[0] === 0x30 && isCertificate(bytes));
  return [...fromRoots, ...fromBundles];
}

function isCertificate(bytes: Buffer<ArrayBuffer>): boolean {
  try {
    return X509Certificate.parse(bytes).subject.length > 0;
  } catch {
    return false;
  }
}

describe('encodeDer', () => {
  const certificates = fixtureCertificates();

  it('writes the bytes ASN1Obj.toDER writes, for every fixture certificate and its TBS', () => {
    expect(certificates.length).toBeGreaterThan(10);
    for (const der of certificates) {
      const tree = ASN1Obj.parseBuffer(der);
      expect(encodeDer(tree).equals(tree.toDER())).toBe(true);
      expect(encodeDer(tree.subs[0]!).equals(tree.subs[0]!.toDER())).toBe(true);
    }
  });

  it('uses the long length forms as toDER does (lengths of 127, 128, 255, 256, 65536 bytes)', () => {
    const [octets] = ASN1Obj.parseBuffer(Buffer.from([0x30, 0x03, 0x04, 0x01, 0x00])).subs;
    for (const size of [0, 1, 127, 128, 255, 256, 65_535, 65_536]) {
      const obj = new ASN1Obj(octets!.tag, Buffer.alloc(size, 7), []);
      expect(encodeDer(obj).equals(obj.toDER())).toBe(true);
    }
  });
});

describe('EncodedCertificate and the anchored material', () => {
  it('answer verify, equals, publicKey and clone as X509Certificate does', () => {
    const ders = fixtureCertificates().slice(0, 12);
    const plain = ders.map((der) => X509Certificate.parse(der));
    const encoded = ders.map((der) => new EncodedCertificate(ASN1Obj.parseBuffer(der)));
    const answers = (certs: X509Certificate[]) =>
      certs.flatMap((a) => [
        a.verify(),
        a.publicKey.toString('hex'),
        a.clone().root.toDER().toString('hex'),
        ...certs.flatMap((b) => [a.verify(b), a.equals(b)]),
      ]);
    const expected = answers(plain);
    expect(expected).toContain(true);
    expect(expected).toContain(false);
    expect(answers(encoded)).toEqual(expected);
    expect(answers(encoded)).toEqual(expected); // asked again: the same
  });

  it("keeps each root's chain and TSA certificates, and answers as the library does", () => {
    const root = trustedRoot(ROOTS.publicGood);
    const material = anchoredMaterial(root);
    const chains = [...material.certificateAuthorities, ...material.timestampAuthorities];
    const raw = [...root.certificateAuthorities, ...root.timestampAuthorities];
    expect(chains.map((ca) => ca.certChain.map((c) => c.root.toDER().toString('base64')))).toEqual(
      raw.map((ca) =>
        ca.certChain!.certificates.map((c) => Buffer.from(c.rawBytes).toString('base64')),
      ),
    );
    const anchors = chains.flatMap((ca) => ca.certChain);
    const plain = anchors.map((a) => X509Certificate.parse(Buffer.from(a.root.toDER())));
    for (let i = 0; i < anchors.length; i += 1) {
      expect(anchors[i]!.verify()).toBe(plain[i]!.verify());
      for (let j = 0; j < anchors.length; j += 1) {
        // Anchor under anchor (remembered), and under a plain certificate (checked each time).
        expect(anchors[i]!.verify(anchors[j])).toBe(plain[i]!.verify(plain[j]));
        expect(anchors[i]!.verify(plain[j])).toBe(plain[i]!.verify(plain[j]));
        expect(anchors[i]!.equals(plain[j]!)).toBe(i === j);
      }
    }
    // A second run's material is its own: nothing is shared between runs.
    const again = anchoredMaterial(root);
    expect(again.certificateAuthorities[0]!.certChain[0]).not.toBe(chains[0]!.certChain[0]);
  });
});

import { X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { memoiseCertificateChecks } from '../src/certificate-memo.js';
import { ROOTS, trustedRoot } from './helpers/fixtures.js';

// The memo must give exactly the library's answers, pair by pair, however often it is asked.

function chainOf(root: string): X509Certificate[] {
  const authority = trustedRoot(root).certificateAuthorities.at(-1)!;
  return authority.certChain!.certificates.map((c) =>
    X509Certificate.parse(Buffer.from(c.rawBytes)),
  );
}

describe('memoised certificate checks', () => {
  it('answer as the library does, for true and false pairs, repeatedly', () => {
    const [intermediate, root] = chainOf(ROOTS.publicGood);
    const [, other] = chainOf(ROOTS.github);
    const before = [
      intermediate!.verify(root),
      intermediate!.verify(other),
      root!.verify(),
      root!.equals(other!),
    ];
    memoiseCertificateChecks();
    memoiseCertificateChecks();
    for (let i = 0; i < 3; i += 1) {
      expect([
        intermediate!.verify(root),
        intermediate!.verify(other),
        root!.verify(),
        root!.equals(other!),
      ]).toEqual(before);
    }
    expect(before).toEqual([true, false, true, false]);
    // A fresh parse of the same bytes is another object: computed again, same answer.
    const again = X509Certificate.parse(Buffer.from(intermediate!.root.toDER()));
    expect(again.verify(root)).toBe(true);
    expect(again.equals(intermediate!)).toBe(true);
  });
});

import { X509Certificate } from '@sigstore/core';

// `@sigstore/verify` 3.1.1 rebuilds every candidate certificate path for every bundle and every
// RFC 3161 timestamp: it re-verifies the trusted root's own intermediate ← root signatures and
// re-encodes their DER to compare them, which is most of a bundle's cost. A parsed certificate
// never changes, so for a pair of certificate OBJECTS the answer never changes either: it is
// memoised by object identity. Only the trusted root's certificates (decoded once per root, see
// trust-check.ts) are ever asked twice; a bundle's certificates are new objects each time and are
// checked exactly as before. Same answers, fewer signature checks.

type Verify = (this: X509Certificate, issuer?: X509Certificate) => boolean;
type Equals = (this: X509Certificate, other: X509Certificate) => boolean;

const verified = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();
const selfSigned = new WeakMap<X509Certificate, boolean>();
const equal = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();
const prototype = X509Certificate.prototype as { verify: Verify; equals: Equals };
const originalVerify = prototype.verify;
const originalEquals = prototype.equals;

/** Installs the memo on `@sigstore/core`'s X509Certificate (idempotent, in memory only). */
export function memoiseCertificateChecks(): void {
  if (prototype.verify !== originalVerify) return;
  prototype.verify = function verify(issuer) {
    if (issuer === undefined) return remember(selfSigned, this, () => originalVerify.call(this));
    return rememberPair(verified, this, issuer, () => originalVerify.call(this, issuer));
  };
  prototype.equals = function equals(other) {
    return rememberPair(equal, this, other, () => originalEquals.call(this, other));
  };
}

function remember(
  memo: WeakMap<X509Certificate, boolean>,
  key: X509Certificate,
  compute: () => boolean,
): boolean {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const answer = compute();
  memo.set(key, answer);
  return answer;
}

function rememberPair(
  memo: WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>,
  a: X509Certificate,
  b: X509Certificate,
  compute: () => boolean,
): boolean {
  let inner = memo.get(a);
  if (inner === undefined) {
    inner = new WeakMap();
    memo.set(a, inner);
  }
  return remember(inner, b, compute);
}

import type { HashAlgorithm, LockfileWarning, PackageHash } from '../lockfile.js';

const SRI_ALGORITHMS: Readonly<Record<string, { alg: HashAlgorithm; bytes: number }>> = {
  sha1: { alg: 'SHA-1', bytes: 20 },
  sha256: { alg: 'SHA-256', bytes: 32 },
  sha384: { alg: 'SHA-384', bytes: 48 },
  sha512: { alg: 'SHA-512', bytes: 64 },
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The outcome of decoding an integrity value: hashes, plus the parts that could not be used. */
export interface DecodedIntegrity {
  hashes: PackageHash[];
  rejected: string[];
}

/**
 * Decodes a Subresource Integrity value (`sha512-<base64> sha1-<base64>`, options after `?`
 * ignored) into hex hashes. Unknown algorithms and malformed digests land in `rejected`.
 */
export function decodeIntegrity(integrity: string): DecodedIntegrity {
  const out: DecodedIntegrity = { hashes: [], rejected: [] };
  for (const token of integrity.trim().split(/\s+/)) {
    if (token === '') continue;
    const hash = decodeSriToken(token);
    if (hash === undefined) out.rejected.push(token);
    else addHash(out.hashes, hash);
  }
  return out;
}

function decodeSriToken(token: string): PackageHash | undefined {
  const dash = token.indexOf('-');
  const known = SRI_ALGORITHMS[token.slice(0, dash).toLowerCase()];
  const digest = token.slice(dash + 1).split('?')[0] ?? '';
  if (dash <= 0 || known === undefined || !BASE64.test(digest)) return undefined;
  const bytes = Buffer.from(digest, 'base64');
  return bytes.length === known.bytes
    ? { alg: known.alg, content: bytes.toString('hex') }
    : undefined;
}

/** The SHA-1 hex that yarn classic appends to `resolved` URLs (`...tgz#<sha1>`), if any. */
export function sha1FromResolvedUrl(resolved: string): PackageHash | undefined {
  const match = /#([0-9a-f]{40})$/i.exec(resolved);
  return match?.[1] === undefined ? undefined : { alg: 'SHA-1', content: match[1].toLowerCase() };
}

/** Adds `hash` unless the list already holds that algorithm (first value wins). */
export function addHash(hashes: PackageHash[], hash: PackageHash): void {
  if (!hashes.some((known) => known.alg === hash.alg)) hashes.push(hash);
}

/** One warning per integrity token that could not be used (shown truncated: it is not a secret, just long). */
export function warnRejected(
  warnings: LockfileWarning[],
  line: number,
  name: string,
  rejected: readonly string[],
): void {
  for (const token of rejected) {
    warnings.push({
      line,
      message: `${name}: unusable integrity ${token.slice(0, 16)}...`,
      kind: 'bad-hash',
    });
  }
}

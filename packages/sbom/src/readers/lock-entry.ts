import type { HashAlgorithm, LockfileWarning, LockPackage, PackageHash } from '../lockfile.js';

/** A warning about one entry, before the reader adds the entry's line. */
export type EntryWarning = Omit<LockfileWarning, 'line'>;

/** Lockfile hash prefixes (`sha256:` as pip, poetry and uv write them) and their hex lengths. */
const PREFIXED: Readonly<Record<string, { alg: HashAlgorithm; hexLength: number }>> = {
  md5: { alg: 'MD5', hexLength: 32 },
  sha1: { alg: 'SHA-1', hexLength: 40 },
  sha256: { alg: 'SHA-256', hexLength: 64 },
  sha384: { alg: 'SHA-384', hexLength: 96 },
  sha512: { alg: 'SHA-512', hexLength: 128 },
};

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Parses an `<alg>:<hex>` hash (`sha256:ab…`) into a CycloneDX hash with lowercase hex.
 * Returns `undefined` for an unknown algorithm or hex of the wrong length, so callers can warn.
 */
export function parsePrefixedHash(value: string): PackageHash | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) return undefined;
  const known = PREFIXED[value.slice(0, colon).toLowerCase()];
  const hex = value.slice(colon + 1);
  if (known === undefined || hex.length !== known.hexLength || !HEX.test(hex)) return undefined;
  return { alg: known.alg, content: hex.toLowerCase() };
}

/** A bare SHA-256 hex checksum (Cargo's `checksum`) as a CycloneDX hash; `undefined` when malformed. */
export function sha256Hash(hex: string): PackageHash | undefined {
  return hex.length === 64 && HEX.test(hex)
    ? { alg: 'SHA-256', content: hex.toLowerCase() }
    : undefined;
}

export { parseError, unsupportedVersion } from './parse-error.js';

/**
 * Hands out bom-refs unique within one lockfile: the first use of a base keeps it, later uses get
 * `#2`, `#3`… (a lockfile may list the same name and version twice, e.g. under different markers).
 */
export function createRefAllocator(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}#${count}`;
  };
}

/** The text's lines (LF or CRLF endings); line `n` (1-based) is element `n - 1`. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The 1-based number of the first line matching `pattern`, or 0 when none does. */
export function lineMatching(text: string, pattern: RegExp): number {
  return splitLines(text).findIndex((line) => pattern.test(line)) + 1;
}

/** `name version`, or just `name` when the entry has no version: how warnings name an entry. */
export function packageLabel(name: string, version: string | undefined): string {
  return version === undefined ? name : `${name} ${version}`;
}

/** The package with `properties` set only when there are any (no empty arrays in the output). */
export function withProperties(
  pkg: LockPackage,
  properties: NonNullable<LockPackage['properties']>,
): LockPackage {
  return properties.length > 0 ? { ...pkg, properties } : pkg;
}

/** Indexes of `items` grouped by `key` (several locked versions share a name), in one pass. */
export function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number[]> {
  const index = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = key(item);
    const list = index.get(k);
    if (list === undefined) index.set(k, [i]);
    else list.push(i);
  });
  return index;
}

import type { SourceLocation } from '@trailmark/core';

/** Hash algorithms as CycloneDX names them. */
export type HashAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** One hash of a package's artifact, hex-encoded (lowercase). */
export interface PackageHash {
  alg: HashAlgorithm;
  content: string;
}

/** One package as a lockfile records it. Values only from the lockfile: never invented. */
export interface LockPackage {
  /** Unique within the lockfile; used as the CycloneDX bom-ref and in `dependsOn`. */
  ref: string;
  /** Ecosystem name without scope/namespace, e.g. `core` for `@actions/core`. */
  name: string;
  /** Scope or namespace (`@actions`, a Go module path prefix, ...), when the ecosystem has one. */
  namespace?: string;
  /** Absent when the lockfile entry has no version (kept with a warning). */
  version?: string;
  /** Package URL (purl-spec), absent only when no version is known. */
  purl?: string;
  /** `optional` for packages only dev (or optional) dependencies pull in. */
  scope: 'required' | 'optional';
  hashes: PackageHash[];
  /** License ids or expressions as the lockfile carries them. */
  licenses: string[];
  /** The lockfile line that declares this entry. */
  source: SourceLocation;
  /** `ref`s of the packages this one depends on (every edge the lockfile records). */
  dependsOn: string[];
  /** Extra `trailmark:*` or ecosystem properties. */
  properties?: { name: string; value: string }[];
}

/**
 * What a repeated warning is about: warnings of one kind in one lockfile are shown as one line
 * with a count (see {@link summarizeWarnings}).
 */
export type WarningKind =
  'no-version' | 'invalid-version' | 'no-hash' | 'bad-hash' | 'missing-dependency';

/** A lockfile warning (entry kept, something missing). */
export interface LockfileWarning {
  line: number;
  message: string;
  /** Set on warnings that can repeat per entry; absent ones are always shown one by one. */
  kind?: WarningKind;
  /**
   * A fact the user cannot act on (yarn writes no checksum for another platform's packages; pnpm's
   * own environment document is left out): shown only in the detail lines (`--verbose`).
   */
  note?: true;
}

/** The result of reading one lockfile. */
export interface Lockfile {
  /** Path as given (repo-relative in practice). */
  path: string;
  format:
    | 'npm'
    | 'pnpm'
    | 'yarn-classic'
    | 'yarn-berry'
    | 'go'
    | 'poetry'
    | 'uv'
    | 'requirements'
    | 'cargo';
  /** Version of the lockfile format found, e.g. `3` for package-lock v3, `9.0` for pnpm. */
  formatVersion: string;
  /** The project the lockfile belongs to, when it says. */
  root?: { name: string; version?: string; dependsOn: string[] };
  packages: LockPackage[];
  warnings: LockfileWarning[];
}

/** A pure lockfile reader: text in, packages out; throws `SBOM_PARSE`/`SBOM_UNSUPPORTED_VERSION`. */
export type LockfileReader = (text: string, path: string) => Lockfile;

import type { LockPackage, PackageHash } from '../lockfile.js';
import type { EntryWarning } from './lock-entry.js';
import { packageLabel, parsePrefixedHash } from './lock-entry.js';
import { toPurl } from './purl-encode.js';

/** PEP 503 normalised name: runs of `-`, `_`, `.` become one `-`, lowercased (`Jinja2` → `jinja2`). */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * `pkg:pypi/<name>@<version>`. purl-spec asks for lowercase and `_` → `-`; the full PEP 503 form
 * used here also folds `.`, which is the name PyPI resolves, so both tools' purls parse the same.
 */
export function pypiPurl(
  name: string,
  version: string | undefined,
  qualifiers?: Record<string, string | undefined>,
): string {
  return toPurl({ type: 'pypi', name: normalizePythonName(name), version, qualifiers });
}

/** One distribution file a Python lockfile records, with its `<alg>:<hex>` hash. */
export interface PythonArtifact {
  /** File name when the lockfile gives one (requirements.txt `--hash` lines do not). */
  file: string | undefined;
  hash: string;
  kind: 'sdist' | 'wheel' | 'unknown';
}

/** Which artifact's hash describes the component, and how many distinct artifacts were locked. */
export interface ArtifactChoice {
  hash: PackageHash | undefined;
  file: string | undefined;
  /** Distinct well-formed hashes recorded for the package. */
  count: number;
  /** Hashes that could not be parsed (unknown algorithm, bad hex). */
  malformed: string[];
}

/** `sdist` / `wheel` from a distribution file name. */
export function artifactKind(file: string): PythonArtifact['kind'] {
  if (file.endsWith('.whl')) return 'wheel';
  return /\.(tar\.gz|tgz|tar\.bz2|tar\.xz|zip|tar)$/.test(file) ? 'sdist' : 'unknown';
}

/**
 * Picks ONE artifact hash for the component. A package has many files (one sdist, a wheel per
 * platform), but CycloneDX `component.hashes` describe a single artifact: listing every wheel's
 * SHA-256 would claim contradictory digests for one thing. The sdist is platform-neutral and is
 * what the version was built from, so it wins; else the first wheel in lockfile order. The other
 * hashes stay in the lockfile (the `trailmark:source` line points there); `count` says how many.
 */
export function chooseArtifactHash(artifacts: readonly PythonArtifact[]): ArtifactChoice {
  const malformed: string[] = [];
  const parsed = artifacts.flatMap((artifact) => {
    const hash = parsePrefixedHash(artifact.hash);
    if (hash === undefined) malformed.push(artifact.hash);
    return hash === undefined ? [] : [{ artifact, hash }];
  });
  const chosen =
    parsed.find((p) => p.artifact.kind === 'sdist') ??
    parsed.find((p) => p.artifact.kind === 'wheel') ??
    parsed[0];
  const count = new Set(parsed.map((p) => `${p.hash.alg}:${p.hash.content}`)).size;
  return { hash: chosen?.hash, file: chosen?.artifact.file, count, malformed };
}

/** `trailmark:python:*` properties saying which artifact the component hash belongs to. */
export function artifactProperties(choice: ArtifactChoice): NonNullable<LockPackage['properties']> {
  if (choice.hash === undefined) return [];
  const props = [{ name: 'trailmark:python:artifact-count', value: String(choice.count) }];
  if (choice.file !== undefined)
    props.unshift({ name: 'trailmark:python:hash-artifact', value: choice.file });
  return props;
}

/**
 * Warnings for one Python package: no version; unreadable hashes; no hash at all when one is
 * expected (`missing` says what was looked for). Local and VCS packages expect none.
 */
export function entryWarnings(
  name: string,
  version: string | undefined,
  choice: ArtifactChoice,
  expectHash: boolean,
  missing: string,
): EntryWarning[] {
  const label = packageLabel(name, version);
  const out: EntryWarning[] =
    version === undefined ? [{ message: `${name}: no version`, kind: 'no-version' }] : [];
  out.push(
    ...choice.malformed.map((bad): EntryWarning => ({
      message: `${label}: unreadable hash ${bad}`,
      kind: 'bad-hash',
    })),
  );
  if (expectHash && choice.hash === undefined)
    out.push({ message: `${label}: ${missing}`, kind: 'no-hash' });
  return out;
}

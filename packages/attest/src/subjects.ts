import {
  compareCodeUnits,
  foreignCause,
  parseImageRef,
  type Subject,
  type SubjectDigestAlgorithm,
} from '@trailmark/core';
import { AttestError } from './error.js';

/** Hex length of each accepted digest algorithm, in the order digests are written. */
const HEX_LENGTH: Readonly<Record<SubjectDigestAlgorithm, number>> = { sha256: 64, sha512: 128 };
const ALGORITHMS = Object.keys(HEX_LENGTH) as SubjectDigestAlgorithm[];

/**
 * Validates subjects and returns them in canonical form: every name non-empty, every digest
 * `sha256` (64 lowercase hex) or `sha512` (128 lowercase hex) with at least one present, entries
 * with the same name merged when their digests agree, sorted by name. Throws
 * `ATTEST_INVALID_SUBJECT` naming the subject otherwise.
 */
export function normalizeSubjects(subjects: readonly Subject[]): Subject[] {
  if (subjects.length === 0) {
    throw new AttestError('ATTEST_INVALID_SUBJECT', 'an attestation needs at least one subject');
  }
  const byName = new Map<string, Subject['digest']>();
  for (const subject of subjects) {
    const digest = checkSubject(subject);
    const seen = byName.get(subject.name);
    byName.set(subject.name, seen ? mergeDigests(subject.name, seen, digest) : digest);
  }
  return [...byName.keys()]
    .sort(compareCodeUnits)
    .map((name) => ({ name, digest: byName.get(name) ?? {} }));
}

/**
 * The subject of a container image: `registry/repository` (no tag, no digest) and its sha256
 * digest — how GitHub's documentation names image subjects for `actions/attest` with
 * `push-to-registry` (`ghcr.io/<owner>/<image>`; Docker Hub images as `index.docker.io/<ns>/<repo>`).
 * Throws `ATTEST_INVALID_SUBJECT` for an unparsable reference or a missing or non-sha256 digest.
 */
export function subjectFromImage(refWithDigest: string): Subject {
  const ref = parseImage(refWithDigest);
  const [algorithm, hex] = splitDigest(ref.digest);
  if (algorithm !== 'sha256' || hex === undefined) {
    throw new AttestError(
      'ATTEST_INVALID_SUBJECT',
      `image "${refWithDigest}" needs a sha256 digest (REF@sha256:<64 hex>) to be an attestation subject`,
    );
  }
  const registry = ref.registry === 'docker.io' ? 'index.docker.io' : ref.registry.toLowerCase();
  return subjectFromFile(`${registry}/${ref.repository}`, hex);
}

/** The subject of a file (or any named artifact) from its name and lowercase hex sha256. */
export function subjectFromFile(name: string, sha256Hex: string): Subject {
  const subject: Subject = { name, digest: { sha256: sha256Hex } };
  checkSubject(subject);
  return subject;
}

// One subject: a non-empty name and a valid digest set, returned with keys in canonical order.
function checkSubject(subject: Subject): Subject['digest'] {
  if (typeof subject.name !== 'string' || subject.name.trim() === '') {
    throw new AttestError('ATTEST_INVALID_SUBJECT', 'a subject has an empty name');
  }
  const entries = Object.entries(subject.digest as Record<string, unknown>).filter(
    ([, value]) => value !== undefined,
  );
  if (entries.length === 0) {
    throw new AttestError(
      'ATTEST_INVALID_SUBJECT',
      `subject "${subject.name}" has no digest (sha256 or sha512)`,
    );
  }
  for (const [algorithm, value] of entries) checkDigest(subject.name, algorithm, value);
  const digest: Subject['digest'] = {};
  for (const algorithm of ALGORITHMS) {
    const value = subject.digest[algorithm];
    if (value !== undefined) digest[algorithm] = value;
  }
  return digest;
}

// One digest entry: a known algorithm and lowercase hex of the algorithm's length.
function checkDigest(name: string, algorithm: string, value: unknown): void {
  if (!(ALGORITHMS as string[]).includes(algorithm)) {
    throw new AttestError(
      'ATTEST_INVALID_SUBJECT',
      `subject "${name}": digest algorithm "${algorithm}" is not accepted (use sha256 or sha512)`,
    );
  }
  const length = HEX_LENGTH[algorithm as SubjectDigestAlgorithm];
  const text = typeof value === 'string' ? value : String(value);
  if (new RegExp(`^[0-9a-f]{${length}}$`).test(text)) return;
  const why =
    /^[0-9a-fA-F]+$/.test(text) && text.length === length
      ? 'has uppercase hex; digests must be lowercase'
      : `is not ${length} lowercase hex characters`;
  throw new AttestError(
    'ATTEST_INVALID_SUBJECT',
    `subject "${name}": ${algorithm} digest "${text}" ${why}`,
  );
}

// Two entries with the same name are one subject when no algorithm disagrees.
function mergeDigests(name: string, a: Subject['digest'], b: Subject['digest']): Subject['digest'] {
  const merged: Subject['digest'] = {};
  for (const algorithm of ALGORITHMS) {
    const [left, right] = [a[algorithm], b[algorithm]];
    if (left !== undefined && right !== undefined && left !== right) {
      throw new AttestError(
        'ATTEST_INVALID_SUBJECT',
        `subject "${name}" is listed twice with different ${algorithm} digests: ${left} and ${right}`,
      );
    }
    const value = left ?? right;
    if (value !== undefined) merged[algorithm] = value;
  }
  return merged;
}

function parseImage(reference: string): ReturnType<typeof parseImageRef> {
  try {
    return parseImageRef(reference);
  } catch (cause) {
    throw new AttestError(
      'ATTEST_INVALID_SUBJECT',
      `image "${reference}" is not a valid image reference`,
      { cause: foreignCause(cause) },
    );
  }
}

function splitDigest(digest: string | undefined): [string | undefined, string | undefined] {
  if (digest === undefined) return [undefined, undefined];
  const colon = digest.indexOf(':');
  return [digest.slice(0, colon), digest.slice(colon + 1)];
}

import { STATEMENT_TYPE } from '@trailmark/core';
import type { ArtifactDigests, HashName } from './artifact.js';

// Bundles made by other tools may still carry the older v0.1 statement type.
const STATEMENT_TYPES: ReadonlySet<string> = new Set([
  'https://in-toto.io/Statement/v0.1',
  STATEMENT_TYPE,
]);

const SUBJECT_HASHES: readonly HashName[] = ['sha256', 'sha384', 'sha512'];

/** An in-toto statement as far as binding it to an artifact needs. */
export interface ParsedStatement {
  value: Record<string, unknown>;
  subjects: { name: string; digest: Record<string, string> }[];
}

/** The statement in a DSSE payload, or a one-line reason it is not one. */
export function parseStatement(payload: Uint8Array): ParsedStatement | string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8')) as unknown;
  } catch {
    return 'the DSSE payload is not JSON';
  }
  if (!isRecord(value) || typeof value._type !== 'string' || !STATEMENT_TYPES.has(value._type)) {
    return 'the DSSE payload is not an in-toto Statement (v0.1 or v1)';
  }
  if (!Array.isArray(value.subject)) return 'the in-toto statement has no subject list';
  return { value, subjects: value.subject.flatMap(toSubject) };
}

/** True when one subject's digest equals the artifact's digest in an algorithm both know. */
export function statementNamesArtifact(
  statement: ParsedStatement,
  artifact: ArtifactDigests,
): boolean {
  return statement.subjects.some((subject) =>
    SUBJECT_HASHES.some((name) => {
      const claimed = subject.digest[name];
      return claimed !== undefined && artifact.digest(name) === claimed.toLowerCase();
    }),
  );
}

/** `name sha256:abcd…` for each subject, for reasons. */
export function describeSubjects(statement: ParsedStatement): string {
  const parts = statement.subjects.map((s) => {
    const digests = Object.keys(s.digest)
      .sort()
      .map((alg) => `${alg}:${(s.digest[alg] ?? '').slice(0, 12)}…`);
    return `${s.name} ${digests.join(' ')}`;
  });
  return parts.length === 0 ? '(none)' : parts.join('; ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A subject with its string digests; anything else in the list is ignored.
function toSubject(value: unknown): ParsedStatement['subjects'] {
  if (!isRecord(value) || !isRecord(value.digest)) return [];
  const digest: Record<string, string> = {};
  for (const [alg, hex] of Object.entries(value.digest)) {
    if (typeof hex === 'string') digest[alg] = hex;
  }
  return [{ name: typeof value.name === 'string' ? value.name : '', digest }];
}

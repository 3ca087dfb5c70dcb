import { foreignCause, type Statement } from '@trailmark/core';
import { AttestError } from './error.js';

/**
 * GitHub's limit on an attestation's predicate: 16 MiB (`MAX_SBOM_SIZE_BYTES = 16 * 1024 * 1024`
 * in actions/attest `src/sbom.ts`; GitHub declined to raise it, actions/attest#262 and #402).
 * trailmark applies it to the whole serialized statement, which is slightly stricter.
 */
export const STATEMENT_SIZE_LIMIT = 16 * 1024 * 1024;

/**
 * Bytes of the statement serialized as JSON (UTF-8), the form that is signed. Throws
 * `ATTEST_INVALID_PREDICATE` when the statement cannot be serialized (a cycle, a BigInt).
 */
export function statementSize(statement: Statement): number {
  let json: string;
  try {
    json = JSON.stringify(statement);
  } catch (cause) {
    // V8 throws RangeError for strings beyond its maximum length: far past the limit.
    if (cause instanceof RangeError) throw tooLarge(statement.predicateType, undefined, cause);
    throw new AttestError(
      'ATTEST_INVALID_PREDICATE',
      `the ${statement.predicateType} predicate cannot be serialized as JSON`,
      { cause: foreignCause(cause) },
    );
  }
  return Buffer.byteLength(json, 'utf8');
}

/**
 * Throws `ATTEST_PREDICATE_TOO_LARGE` when the serialized statement exceeds GitHub's 16 MiB
 * limit, naming the predicate type and the size; GitHub's attestations API would refuse it.
 */
export function checkPredicateSize(statement: Statement): void {
  const size = statementSize(statement);
  if (size > STATEMENT_SIZE_LIMIT) throw tooLarge(statement.predicateType, size);
}

function tooLarge(predicateType: string, size: number | undefined, cause?: unknown): AttestError {
  const actual =
    size === undefined ? 'too large to serialize' : `${size} bytes (${mebibytes(size)} MiB)`;
  return new AttestError(
    'ATTEST_PREDICATE_TOO_LARGE',
    `the ${predicateType} statement is ${actual}, over GitHub's 16 MiB limit (${STATEMENT_SIZE_LIMIT} bytes); split its subjects or trim the predicate`,
    { cause: foreignCause(cause) },
  );
}

function mebibytes(size: number): string {
  return (size / (1024 * 1024)).toFixed(2);
}

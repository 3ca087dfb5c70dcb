import { STATEMENT_TYPE, type Statement, type Subject } from '@trailmark/core';
import { AttestError } from './error.js';
import { checkPredicateSize } from './predicate-size.js';
import { normalizeSubjects } from './subjects.js';

/**
 * Builds an in-toto Statement v1: subjects validated, merged and sorted by name
 * ({@link normalizeSubjects}), the predicate type an absolute URI, the predicate a JSON object
 * (the in-toto reference validator rejects a missing one), and the serialized statement within
 * GitHub's 16 MiB limit ({@link checkPredicateSize}). Keys are in the order GitHub writes them.
 */
export function buildStatement<Predicate extends object>(
  subjects: readonly Subject[],
  predicateType: string,
  predicate: Predicate,
): Statement<Predicate> {
  checkPredicateType(predicateType);
  checkPredicateObject(predicateType, predicate);
  const statement: Statement<Predicate> = {
    _type: STATEMENT_TYPE,
    subject: normalizeSubjects(subjects),
    predicateType,
    predicate,
  };
  checkPredicateSize(statement);
  return statement;
}

// A TypeURI: an absolute URI with a scheme (in-toto spec/v1/field_types.md).
function checkPredicateType(predicateType: string): void {
  if (!/^[a-z][a-z0-9+.-]*:/.test(predicateType) || !URL.canParse(predicateType)) {
    throw new AttestError(
      'ATTEST_INVALID_PREDICATE',
      `predicate type "${predicateType}" is not an absolute URI`,
    );
  }
}

function checkPredicateObject(predicateType: string, predicate: unknown): void {
  if (predicate === null || typeof predicate !== 'object' || Array.isArray(predicate)) {
    throw new AttestError(
      'ATTEST_INVALID_PREDICATE',
      `the ${predicateType} predicate must be a JSON object`,
    );
  }
}

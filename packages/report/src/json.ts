import type { VerifyReport } from '@trailmark/core';

/**
 * The report as JSON (`schemas/verify-report.v1.schema.json`): 2-space indented, one trailing
 * newline. Predicates are left out of `attestations` even when a caller passed them in: the report
 * lists evidence, and the schema closes that object.
 */
export function renderJson(report: VerifyReport): string {
  return `${JSON.stringify(report, withoutPredicates, 2)}\n`;
}

// JSON.stringify replacer: drops `predicate` from the members of the top-level `attestations`.
function withoutPredicates(this: unknown, key: string, value: unknown): unknown {
  return key === 'predicate' && isEvidence(this) ? undefined : value;
}

function isEvidence(holder: unknown): boolean {
  return (
    typeof holder === 'object' && holder !== null && 'subjects' in holder && 'sources' in holder
  );
}

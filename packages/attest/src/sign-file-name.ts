import { PREDICATE_TYPE } from '@trailmark/core';
import { AttestError } from './error.js';

/** Short names of the predicates trailmark produces, used in bundle file names. */
const KIND_OF: Readonly<Record<string, string>> = {
  [PREDICATE_TYPE.slsaProvenance]: 'provenance',
  [PREDICATE_TYPE.cyclonedx]: 'sbom',
  [PREDICATE_TYPE.deploymentOrigin]: 'deployment-origin',
};

const MAX_PART = 120;

/**
 * The file name of a bundle written by `-o DIR`:
 *
 * - `<kind>.sigstore.json` for one bundle per predicate, where `<kind>` is `provenance`
 *   (SLSA provenance v1), `sbom` (CycloneDX) or `deployment-origin`;
 * - `<kind>.<subject>.sigstore.json` when a caller writes one bundle per subject;
 * - another predicate type's kind is its URI without the scheme, e.g.
 *   `https://example.com/test/v1` → `example.com_test_v1`.
 *
 * Name parts keep `A–Z a–z 0–9 . _ -`; every other run of characters becomes `_`, a leading dot
 * becomes `_` (no hidden files, no `..`), and parts are cut at 120 characters. Distinct subjects can
 * share a name (`a/b` and `a_b`): a caller writing several bundles checks for duplicates.
 */
export function bundleFileName(predicateType: string, subjectName?: string): string {
  const kind =
    KIND_OF[predicateType] ??
    toFileNamePart(
      predicateType.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''),
      'ATTEST_INVALID_PREDICATE',
    );
  if (subjectName === undefined) return `${kind}.sigstore.json`;
  return `${kind}.${toFileNamePart(subjectName, 'ATTEST_INVALID_SUBJECT')}.sigstore.json`;
}

// One safe, non-empty file-name part.
function toFileNamePart(
  value: string,
  code: 'ATTEST_INVALID_PREDICATE' | 'ATTEST_INVALID_SUBJECT',
): string {
  if (value === '')
    throw new AttestError(
      code,
      `bundle file name: empty ${code === 'ATTEST_INVALID_SUBJECT' ? 'subject name' : 'predicate type'}`,
    );
  return value
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\./, '_')
    .slice(0, MAX_PART);
}

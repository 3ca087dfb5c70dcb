import { TrailmarkError } from '@trailmark/core';

/** Error codes owned by `attest`. */
export type AttestErrorCode =
  | 'ATTEST_INVALID_SUBJECT'
  | 'ATTEST_PREDICATE_TOO_LARGE'
  | 'ATTEST_INVALID_PREDICATE'
  | 'ATTEST_KEY'
  | 'ATTEST_OIDC'
  | 'ATTEST_SIGNING';

/** An error raised while building or signing attestations. Never carries a token or key. */
export class AttestError extends TrailmarkError<AttestErrorCode> {}

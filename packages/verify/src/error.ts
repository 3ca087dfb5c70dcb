import { TrailmarkError } from '@trailmark/core';

/** Error codes owned by `verify`: only for questions that cannot be answered (a "no" is data). */
export type VerifyErrorCode =
  | 'VERIFY_INVALID_BUNDLE'
  | 'VERIFY_INVALID_TRUSTED_ROOT'
  | 'VERIFY_INVALID_INPUT'
  | 'VERIFY_INVALID_POLICY';

/** An error raised when verification cannot even be attempted (malformed bundle or trust root). */
export class VerifyError extends TrailmarkError<VerifyErrorCode> {}

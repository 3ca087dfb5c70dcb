import { TrailmarkError } from '@trailmark/core';

/** Error codes owned by `sbom`. */
export type SbomErrorCode =
  'SBOM_PARSE' | 'SBOM_UNSUPPORTED_VERSION' | 'SBOM_INVALID_MERGE' | 'SBOM_VALIDATION';

/** An error raised by the sbom package. */
export class SbomError extends TrailmarkError<SbomErrorCode> {}

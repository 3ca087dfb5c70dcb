import { TrailmarkError } from '@trailmark/core';

/** Error codes owned by `manifest`. */
export type ManifestErrorCode =
  | 'MANIFEST_PARSE'
  | 'MANIFEST_TOO_DEEP'
  | 'MANIFEST_ALIAS_LIMIT'
  | 'MANIFEST_ANNOTATIONS_TOO_LARGE'
  | 'MANIFEST_CHART';

/** An error raised while reading or stamping manifests; names file:line. */
export class ManifestError extends TrailmarkError<ManifestErrorCode> {}

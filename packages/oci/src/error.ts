import { TrailmarkError } from '@trailmark/core';

/**
 * Error codes owned by `oci`. The CLI maps `OCI_UNREACHABLE` and `OCI_AUTH` to exit 3 (a service
 * could not be reached or authenticated).
 */
export type OciErrorCode = 'OCI_UNREACHABLE' | 'OCI_AUTH' | 'OCI_NOT_FOUND' | 'OCI_PROTOCOL';

/** An error talking to an OCI registry. Names the image or registry; never carries credentials. */
export class OciError extends TrailmarkError<OciErrorCode> {}

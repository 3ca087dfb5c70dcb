import { isSha256Digest } from './digest.js';
import { TrailmarkError, type InputErrorCode } from './error.js';
import { tryParseImageRef } from './image-ref.js';

/** An `--image` value: an image reference and the digest it is pinned to. */
export interface ImagePin {
  /** The reference as written before the digest (it may carry a tag: then only that tag is pinned). */
  ref: string;
  /** `sha256:<64 hex>`. */
  digest: string;
  /** Written in the old `REF=sha256:…` form (still accepted, with a warning). */
  deprecated: boolean;
}

/** The warning for each `--image` written in the old `REF=DIGEST` form (identical, so it collapses). */
export const IMAGE_PIN_DEPRECATED =
  '--image REF=sha256:… is deprecated: write REF@sha256:… as docker and GitHub do';

/**
 * Parses an `--image` value: `REF@sha256:<64 hex>` as docker and GitHub write it (the one form of
 * stamp, sbom, attest and the Action), or the deprecated `REF=sha256:<64 hex>`. Throws
 * `INPUT_USAGE` naming the value for anything else.
 */
export function parseImagePin(value: string): ImagePin {
  const equals = value.lastIndexOf('=');
  const deprecated = equals > 0 && value.slice(equals + 1).startsWith('sha256:');
  const at = deprecated ? equals : value.lastIndexOf('@');
  const ref = value.slice(0, at);
  const digest = value.slice(at + 1);
  if (at <= 0 || !isSha256Digest(digest) || !tryParseImageRef(ref) || ref.includes('@'))
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `--image ${value}: expected REF@sha256:<64 hex>`,
    );
  return { ref, digest, deprecated };
}

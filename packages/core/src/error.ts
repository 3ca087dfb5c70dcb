import type { ForeignCause } from './foreign-cause.js';
import { scrubSecrets } from './secret-shapes.js';

/**
 * The one error base of trailmark. Every package owns a closed union of codes; the CLI maps each
 * code to an exit code in one exhaustive table.
 *
 * Messages name the offending thing (file:line, image, object) and never carry a token, a key or
 * a secret value: the constructor scrubs known secret shapes from the message as a last guard
 * (see `scrubSecrets`), and a cause is either a trailmark error or a scrubbed `foreignCause`.
 */
export class TrailmarkError<Code extends string = string> extends Error {
  /** Stable machine-readable code, e.g. `MANIFEST_PARSE`. */
  readonly code: Code;
  /** `file` and 1-based `line` of the offending input, when there is one. */
  readonly location: SourceLocation | undefined;

  constructor(code: Code, message: string, options: TrailmarkErrorOptions = {}) {
    super(
      scrubSecrets(message),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'TrailmarkError';
    this.code = code;
    this.location = options.location;
  }
}

/** Options of {@link TrailmarkError}. */
export interface TrailmarkErrorOptions {
  /**
   * The wrapped error; always kept when wrapping, and always through `foreignCause(err)` (the
   * type admits nothing else), which scrubs secrets from a foreign error and drops its other fields.
   */
  cause?: TrailmarkError | ForeignCause | undefined;
  /** Where in the input the problem is. */
  location?: SourceLocation;
}

/** A place in a file: repo-relative (or as given) path and 1-based line. */
export interface SourceLocation {
  path: string;
  line: number;
}

/** Error codes owned by `core`. */
export type CoreErrorCode =
  'CORE_INVALID_DIGEST' | 'CORE_INVALID_IMAGE_REF' | 'CORE_SCHEMA' | 'CORE_NOT_JSON';

/**
 * Error codes for bad user input that no single package owns (flags, paths). `INPUT_ACCESS` and
 * `INPUT_NO_SPACE` are filesystem refusals (permission, read-only, full) — see `fileErrorOf`.
 */
export type InputErrorCode =
  'INPUT_USAGE' | 'INPUT_NOT_FOUND' | 'INPUT_INVALID' | 'INPUT_ACCESS' | 'INPUT_NO_SPACE';

/** True when `err` is a {@link TrailmarkError}. */
export function isTrailmarkError(err: unknown): err is TrailmarkError {
  return err instanceof TrailmarkError;
}

/** `path:line` (or just `path`) for messages. */
export function formatLocation(location: SourceLocation | undefined): string {
  if (location === undefined) return '';
  return location.line > 0 ? `${location.path}:${location.line}` : location.path;
}

import { TrailmarkError, foreignCause, type SourceLocation } from '@trailmark/core';

/**
 * Error codes owned by `trace` (all exit 2, bad input):
 * - `TRACE_ALERT_PARSE`: the input is not valid JSON, is empty, or is not an alert of the format
 *   given or detected;
 * - `TRACE_ALERT_FORMAT_UNKNOWN`: a JSON document that matches none of the alert formats;
 * - `TRACE_FALCO_RULES_PARSE`: a `--falco-rules` file that is not a Falco rules YAML list.
 */
export type TraceErrorCode =
  'TRACE_ALERT_PARSE' | 'TRACE_ALERT_FORMAT_UNKNOWN' | 'TRACE_FALCO_RULES_PARSE';

/** An error raised when an alert or a rules file cannot be read; the message names file:line. */
export class TraceError extends TrailmarkError<TraceErrorCode> {}

/** A {@link TraceError} whose one-line message starts with `file:line: `; `err`, the cause, is kept secret-safe. */
export function traceErrorAt(
  code: TraceErrorCode,
  at: SourceLocation,
  detail: string,
  err?: unknown,
): TraceError {
  return new TraceError(code, `${at.path}:${at.line}: ${detail}`, {
    location: at,
    ...(err === undefined ? {} : { cause: foreignCause(err) }),
  });
}

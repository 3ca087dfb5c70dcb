import { lineAt, type SourceLocation } from '@trailmark/core';
import { traceErrorAt, type TraceError } from '../error.js';
import type { SourceText } from './document.js';
import { skipSpace } from './json-scan.js';

// V8 reports an unexpected token without a position, quoting the text around it instead:
// `Unexpected token 'x', ..."<from 10 before the token to 10 after>"... is not valid JSON`.
const TOKEN_CONTEXT = /^Unexpected token .*?, (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s;
const CONTEXT_BEFORE = 10;

/** A `TRACE_ALERT_PARSE` error for `source`, not JSON, at the line JSON.parse stopped at. */
export function invalidJson(source: SourceText, err: unknown): TraceError {
  const at = { path: source.path, line: lineAt(source.starts, faultOffset(source.text, err)) };
  return invalidJsonAt(at, err);
}

/** A `TRACE_ALERT_PARSE` error for JSON that fails at `at` (one line of JSON lines). */
export function invalidJsonAt(at: SourceLocation, err: unknown): TraceError {
  return traceErrorAt('TRACE_ALERT_PARSE', at, `not valid JSON: ${reasonOf(err)}`, err);
}

// Where JSON.parse stopped: its position, the quoted context of an unexpected token, or the
// last non-blank character when the input ends too soon.
function faultOffset(text: string, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message)?.[1];
  // An input cut short fails past its last character: name the last line that has one.
  const last = Math.max(0, text.trimEnd().length - 1);
  if (position !== undefined) return Math.min(Number(position), last);
  if (/end of JSON/i.test(message)) return last;
  const context = TOKEN_CONTEXT.exec(message);
  const quoted = context?.[2];
  const found = quoted === undefined ? -1 : text.indexOf(quoted);
  if (quoted === undefined || found === -1) return skipSpace(text, 0);
  if (context?.[1] !== undefined) return found + CONTEXT_BEFORE;
  if (context?.[3] !== undefined) return found + quoted.length - CONTEXT_BEFORE;
  // The whole (short) text is quoted: the token is its first unexpected character.
  const token = /^Unexpected token '(.)'/s.exec(message)?.[1] ?? '';
  return Math.max(0, text.lastIndexOf(token));
}

/** JSON.parse's reason without its position and without the quoted input (it may hold secrets). */
export function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .replace(/,\s*(?:\.\.\.)?".*$/s, '')
    .replace(/\s*(?:in JSON )?at position \d+.*$/s, '')
    .trim();
}

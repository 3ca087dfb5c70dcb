import { fullParse, plainValue } from './lean-scalar.js';
import {
  doubleQuoteEnd,
  flowEnd,
  hasBackslash,
  isTrailingAt,
  plainEnd,
  singleQuoteEnd,
} from './scan-text.js';

/** A one-line scalar or flow collection read by the stream scanner. */
export interface ScannedScalar {
  /** Its value when asked for. */
  value: unknown;
  /** Offsets of the scalar as written (quotes included). */
  start: number;
  end: number;
  /** A flow collection (`{}`/`[]` when edited). */
  flow: boolean;
}

/**
 * Reads the one-line value at `at` of a line ending at `end` with the lean pass's rules
 * (lean-scalar.ts): plain, quoted, or a flow collection — only `{}`/`[]` where stamp edits
 * (`edited`), else a JSON array; anything else gives up. The value is built only when `want`.
 */
export function readScalarAt(
  text: string,
  at: number,
  end: number,
  edited: boolean,
  want: boolean,
): ScannedScalar {
  const c = text.charCodeAt(at);
  if (c === 123 || c === 91) return readFlowAt(text, at, end, edited, want);
  if (c === 34) {
    const close = doubleQuoteEnd(text, at, end);
    const escaped = hasBackslash(text, at + 1, close);
    if (!isTrailingAt(text, close + 1, end)) fullParse();
    let value: unknown;
    if (escaped || want) value = text.slice(at + 1, close);
    if (escaped) value = unescape(value as string);
    return { value, start: at, end: close + 1, flow: false };
  }
  if (c === 39) {
    const close = singleQuoteEnd(text, at, end);
    if (!isTrailingAt(text, close + 1, end)) fullParse();
    const value = want ? text.slice(at + 1, close).replace(/''/g, "'") : undefined;
    return { value, start: at, end: close + 1, flow: false };
  }
  const stop = plainEnd(text, at, end);
  const value = want ? plainValue(text.slice(at, stop)) : undefined;
  return { value, start: at, end: stop, flow: false };
}

function unescape(body: string): unknown {
  try {
    return JSON.parse(`"${body}"`) as unknown; // JSON's escapes mean the same in YAML
  } catch {
    return fullParse();
  }
}

function readFlowAt(
  text: string,
  at: number,
  end: number,
  edited: boolean,
  want: boolean,
): ScannedScalar {
  const close = flowEnd(text, at, end);
  if (!isTrailingAt(text, close, end)) fullParse();
  const empty = close === at + 2;
  if (edited && !empty) fullParse();
  if (empty)
    return { value: text.charCodeAt(at) === 123 ? {} : [], start: at, end: close, flow: true };
  // A JSON array reads the same in YAML; any other flow collection stays with the lean pass.
  const source = text.slice(at, close);
  if (text.charCodeAt(at) !== 91 || source.includes('{')) fullParse();
  let value: unknown;
  try {
    value = JSON.parse(source) as unknown;
  } catch {
    fullParse();
  }
  return { value: want ? value : undefined, start: at, end: close, flow: true };
}

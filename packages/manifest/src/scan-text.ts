import { fullParse } from './lean-scalar.js';

// Character-level reading for the stream scanner (scan-document.ts): offsets into the whole
// stream text, no line strings. Every reader is stricter than the lean pass's (lean-scalar.ts):
// whatever it is not sure of gives up (`fullParse`), and the document goes to the lean pass.

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** End of the line starting at `at`: its `\n`, or `limit`. */
export function lineEndOf(text: string, at: number, limit: number): number {
  const n = text.indexOf('\n', at);
  return n === -1 || n > limit ? limit : n;
}

/** Spaces from `at`, up to `end`. */
export function spacesAt(text: string, at: number, end: number): number {
  let i = at;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i - at;
}

/** A `-` item indicator at `at` (followed by a space or the line's end `end`). */
export function isDashAt(text: string, at: number, end: number): boolean {
  return text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE);
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isKeyChar(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 47;
}

/**
 * Position of the `:` after the mapping key at `at` — a plain key made only of
 * `[A-Za-z_][A-Za-z0-9_./-]*`, or a quoted one without escapes — when a space or the line's end
 * `end` follows it; -1 when the text there is not such a key.
 */
export function keyEndAt(text: string, at: number, end: number): number {
  const first = text.charCodeAt(at);
  let i = at + 1;
  if (first === 34 || first === 39) {
    while (i < end && text.charCodeAt(i) !== first && text.charCodeAt(i) !== 92) i++;
    if (i >= end || text.charCodeAt(i) !== first) return -1;
    i++;
  } else {
    if (!isKeyStart(first)) return -1;
    while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  }
  if (i >= end || text.charCodeAt(i) !== COLON) return -1;
  return i + 1 === end || text.charCodeAt(i + 1) === SPACE ? i : -1;
}

/** The key whose `:` {@link keyEndAt} found at `colon` (without its quotes). */
export function keyText(text: string, at: number, colon: number): string {
  const first = text.charCodeAt(at);
  return first === 34 || first === 39 ? text.slice(at + 1, colon - 1) : text.slice(at, colon);
}

const TYPED_WORDS = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
]);

/** A key the lean pass reads as itself (not typed, not `__proto__`, not too long). */
export function checkKey(key: string): void {
  const n = key.length;
  if (n > 1000 || key === '__proto__' || ((n === 4 || n === 5) && TYPED_WORDS.has(key)))
    fullParse();
}

/** True when only spaces, or spaces and a comment, follow `at` up to `end`. */
export function isTrailingAt(text: string, at: number, end: number): boolean {
  let i = at;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i === end || (text.charCodeAt(i) === HASH && i > at);
}

/** Closing quote of the double-quoted scalar at `at` (escapes skipped). */
export function doubleQuoteEnd(text: string, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return fullParse();
}

/** True when `text[from, to)` holds a backslash. */
export function hasBackslash(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 92) return true;
  return false;
}

/** Closing quote of the single-quoted scalar at `at`. */
export function singleQuoteEnd(text: string, at: number, end: number): number {
  for (let i = at + 1; i < end; i++) {
    if (text.charCodeAt(i) !== 39) continue;
    if (text.charCodeAt(i + 1) === 39 && i + 1 < end) i++;
    else return i;
  }
  return fullParse();
}

/** First characters a plain scalar cannot start with (YAML indicators, or left to the lean pass). */
const NOT_PLAIN = new Set(Array.from('[]{},#&*!|>\'"%@`', (c) => c.charCodeAt(0)));

/**
 * End (trailing spaces and comment left out) of the one-line plain scalar at `at`; gives up on
 * indicators, tabs, `: ` and a final `:` (the lean pass's rules).
 */
export function plainEnd(text: string, at: number, end: number): number {
  const first = text.charCodeAt(at);
  if (NOT_PLAIN.has(first)) fullParse();
  if (first === DASH || first === 63 || first === COLON) {
    const next = text.charCodeAt(at + 1);
    if (at + 1 === end || next === SPACE || next === TAB || next > 127) fullParse();
  }
  let stop = end;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === TAB) fullParse();
    if (c === SPACE && text.charCodeAt(i + 1) === HASH && i + 1 < end) {
      stop = i;
      break;
    }
    if (c === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) fullParse();
  }
  while (stop > at && text.charCodeAt(stop - 1) === SPACE) stop--;
  return stop;
}

/** End of the one-line flow collection at `at` (brackets matched, quotes skipped). */
export function flowEnd(text: string, at: number, end: number): number {
  let depth = 0;
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = doubleQuoteEnd(text, i, end);
    else if (c === 39) i = singleQuoteEnd(text, i, end);
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return fullParse();
}

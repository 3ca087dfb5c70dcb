// A minimal scanner over JSON text that JSON.parse has already accepted: it finds where values
// start, so an alert inside an array or under a member can name its own line. It jumps over
// strings with indexOf (they are most of the text) and looks at structure one code at a time.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Index of the first non-whitespace character at or after `at`. */
export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the JSON string starting at `at` (a `"`). */
function skipString(text: string, at: number): number {
  let quote = text.indexOf('"', at + 1);
  while (quote !== -1) {
    // A quote is escaped when an odd number of backslashes precede it.
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/** Index just past the JSON value starting at `at`. */
export function skipValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return skipString(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = at;
    while (i < text.length && !isEnd(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = skipString(text, i);
      continue;
    }
    if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

// The end of a number or literal: a separator, a closing bracket or whitespace.
function isEnd(code: number): boolean {
  return code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isSpace(code);
}

/** Start offsets of the elements of the JSON array starting at `at` (a `[`). */
export function arrayElementOffsets(text: string, at: number): number[] {
  const offsets: number[] = [];
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return offsets;
  while (i < text.length) {
    offsets.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipSpace(text, i + 1);
  }
  return offsets;
}

/** Start offset of the value of member `key` of the JSON object starting at `at`, if present. */
export function memberValueOffset(text: string, at: number, key: string): number | undefined {
  let i = skipSpace(text, at + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueAt = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if (name === key) return valueAt;
    i = skipSpace(text, skipValue(text, valueAt));
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** The first non-blank line of a text: its content, 1-based number and end offset. */
export interface FirstLine {
  content: string;
  line: number;
  end: number;
}

export function firstLine(text: string): FirstLine {
  let from = 0;
  let line = 1;
  for (;;) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    const content = text.slice(from, end);
    if (content.trim() !== '' || end === text.length) return { content, line, end };
    from = end + 1;
    line++;
  }
}

const NOT_JSON_SPACE = /[^ \t\n\r]/g;

/** True when the text after `offset` holds anything but JSON whitespace. */
export function hasJsonAfter(text: string, offset: number): boolean {
  NOT_JSON_SPACE.lastIndex = offset;
  return NOT_JSON_SPACE.test(text);
}

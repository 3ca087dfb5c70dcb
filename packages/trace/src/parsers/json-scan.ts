// A minimal scanner over JSON text that JSON.parse has already accepted: it finds where values
// start, so an alert inside an array or under a member can name its own line.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Index of the first non-whitespace character at or after `at`. */
export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && WHITESPACE.has(text.charAt(i))) i++;
  return i;
}

/** Index just past the JSON string starting at `at` (a `"`). */
function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return i;
}

/** Index just past the JSON value starting at `at`. */
export function skipValue(text: string, at: number): number {
  const first = text.charAt(at);
  if (first === '"') return skipString(text, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < text.length && !',]}'.includes(text.charAt(i)) && !WHITESPACE.has(text.charAt(i))) {
      i++;
    }
    return i;
  }
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"') {
      i = skipString(text, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

/** Start offsets of the elements of the JSON array starting at `at` (a `[`). */
export function arrayElementOffsets(text: string, at: number): number[] {
  const offsets: number[] = [];
  let i = skipSpace(text, at + 1);
  if (text.charAt(i) === ']') return offsets;
  while (i < text.length) {
    offsets.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text.charAt(i) !== ',') break;
    i = skipSpace(text, i + 1);
  }
  return offsets;
}

/** Start offset of the value of member `key` of the JSON object starting at `at`, if present. */
export function memberValueOffset(text: string, at: number, key: string): number | undefined {
  let i = skipSpace(text, at + 1);
  while (text.charAt(i) === '"') {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const valueAt = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if (name === key) return valueAt;
    i = skipSpace(text, skipValue(text, valueAt));
    if (text.charAt(i) !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

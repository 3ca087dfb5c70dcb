import { lineAt, type SourceLocation } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import {
  documentAt,
  documentOnLine,
  isJsonObject,
  sourceText,
  type AlertDocument,
  type SourceText,
} from './document.js';
import { invalidJson, invalidJsonAt } from './json-error.js';
import {
  arrayElementOffsets,
  firstLine,
  hasJsonAfter,
  skipSpace,
  type FirstLine,
} from './json-scan.js';

const NOT_SPACE = /\S/;

/** What {@link forEachDocument} calls with each document, in input order. */
export type DocumentVisitor = (doc: AlertDocument) => void;

/**
 * Calls `visit` with each JSON document of an alert input: one JSON value (an object, or an array
 * whose elements are documents), or JSON lines (one value per line, blank lines allowed). A text
 * is JSON lines when it is not one JSON value but its first non-blank line is. JSON lines are
 * visited as they are parsed, so each line's raw value can be dropped before the next is read.
 * Throws `TRACE_ALERT_PARSE` for an empty input or invalid JSON, naming the line of the fault.
 */
export function forEachDocument(input: string, path: string, visit: DocumentVisitor): void {
  // A byte-order mark becomes a space, so offsets still match lines.
  const text = input.startsWith('\uFEFF') ? ` ${input.slice(1)}` : input;
  // (`\S` is what `trim` keeps: the search stops at the first such character, no copy is made.)
  if (!NOT_SPACE.test(text))
    throw traceErrorAt('TRACE_ALERT_PARSE', { path, line: 1 }, 'empty input: no alert');
  const source = sourceText(text, path);
  // A first line that is a JSON value by itself, followed by anything but JSON whitespace, makes
  // the whole text invalid as one value: it is JSON lines, read without parsing the whole text
  // only to fail (the same outcome as the whole-text parse's failure below, sooner).
  const first = firstLine(text);
  const firstValue = tryParse(first.content);
  if (firstValue !== undefined && hasJsonAfter(text, first.end)) {
    jsonLines(source, { ...first, value: firstValue }, visit);
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    if (firstValue === undefined) throw invalidJson(source, err);
    jsonLines(source, { ...first, value: firstValue }, visit);
    return;
  }
  documentsOf(source, value, skipSpace(text, 0), visit);
}

// The documents of one JSON value starting at `offset` of a multi-line text.
function documentsOf(
  source: SourceText,
  value: unknown,
  offset: number,
  visit: DocumentVisitor,
): void {
  const at = { path: source.path, line: lineAt(source.starts, offset) };
  if (isJsonObject(value)) {
    visit(documentAt(source, value, offset));
    return;
  }
  if (!Array.isArray(value)) throw notAnObject(at, value);
  const offsets = arrayElementOffsets(source.text, offset);
  value.forEach((element: unknown, index) => {
    const start = offsets[index] ?? offset;
    if (!isJsonObject(element))
      throw notAnObject({ path: source.path, line: lineAt(source.starts, start) }, element);
    visit(documentAt(source, element, start));
  });
}

// JSON lines: the first non-blank line (already parsed) and every line after it. Lines are cut
// one at a time (no array of every line), each parsed once.
function jsonLines(
  source: SourceText,
  first: FirstLine & { value: unknown },
  visit: DocumentVisitor,
): void {
  const { text, path } = source;
  visitValue(first.value, { path, line: first.line }, visit);
  let from = first.end + 1;
  let line = first.line + 1;
  while (from <= text.length) {
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    const content = text.slice(from, end);
    if (content.trim() !== '') visitLine(content, { path, line }, visit);
    from = end + 1;
    line++;
  }
}

function visitLine(content: string, at: SourceLocation, visit: DocumentVisitor): void {
  let value: unknown;
  try {
    value = JSON.parse(content) as unknown;
  } catch (err) {
    throw invalidJsonAt(at, err);
  }
  visitValue(value, at, visit);
}

// The documents of one line's value: an object, or an array of objects.
function visitValue(value: unknown, at: SourceLocation, visit: DocumentVisitor): void {
  if (!Array.isArray(value)) {
    if (!isJsonObject(value)) throw notAnObject(at, value);
    visit(documentOnLine(value, at));
    return;
  }
  for (const element of value as unknown[]) {
    if (!isJsonObject(element)) throw notAnObject(at, element);
    visit(documentOnLine(element, at));
  }
}

function tryParse(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    // Not JSON: the caller reports the whole text's error instead.
    return undefined;
  }
}

function notAnObject(at: SourceLocation, value: unknown): Error {
  const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return traceErrorAt(
    'TRACE_ALERT_FORMAT_UNKNOWN',
    at,
    `not an alert: a JSON ${what}, not an object`,
  );
}

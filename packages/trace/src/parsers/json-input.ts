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
import { arrayElementOffsets, skipSpace } from './json-scan.js';

/**
 * The JSON documents of an alert input: one JSON value (an object, or an array whose elements are
 * documents), or JSON lines (one value per line, blank lines allowed). A text is JSON lines when
 * it is not one JSON value but its first non-blank line is. Throws `TRACE_ALERT_PARSE` for an
 * empty input or invalid JSON, naming the line of the fault.
 */
export function splitDocuments(input: string, path: string): AlertDocument[] {
  // A byte-order mark becomes a space, so offsets still match lines.
  const text = input.startsWith('\uFEFF') ? ` ${input.slice(1)}` : input;
  if (text.trim() === '')
    throw traceErrorAt('TRACE_ALERT_PARSE', { path, line: 1 }, 'empty input: no alert');
  const source = sourceText(text, path);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    return jsonLines(source, err);
  }
  return documentsOf(source, value, skipSpace(text, 0));
}

// The documents of one JSON value starting at `offset` of a multi-line text.
function documentsOf(source: SourceText, value: unknown, offset: number): AlertDocument[] {
  const at = { path: source.path, line: lineAt(source.starts, offset) };
  if (isJsonObject(value)) return [documentAt(source, value, offset)];
  if (!Array.isArray(value)) throw notAnObject(at, value);
  const offsets = arrayElementOffsets(source.text, offset);
  return value.map((element: unknown, index) => {
    const start = offsets[index] ?? offset;
    if (!isJsonObject(element))
      throw notAnObject({ path: source.path, line: lineAt(source.starts, start) }, element);
    return documentAt(source, element, start);
  });
}

// JSON lines, when the first non-blank line is JSON by itself; else the whole text's own error.
function jsonLines(source: SourceText, wholeError: unknown): AlertDocument[] {
  const lines = source.text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (tryParse(lines[first] ?? '') === undefined) throw invalidJson(source, wholeError);
  const documents: AlertDocument[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const at = { path: source.path, line: index + 1 };
    let value: unknown;
    try {
      value = JSON.parse(line) as unknown;
    } catch (err) {
      throw invalidJsonAt(at, err);
    }
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const element of values) {
      if (!isJsonObject(element)) throw notAnObject(at, element);
      documents.push(documentOnLine(element, at));
    }
  });
  return documents;
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

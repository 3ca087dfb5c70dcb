import { lineAt, lineStarts, type SourceLocation } from '@trailmark/core';
import { arrayElementOffsets, memberValueOffset } from './json-scan.js';

/** A JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/**
 * One JSON document of an alert input (a whole file, an element of a top-level array, or one
 * line of JSON lines): its value and where it starts, with a way to find the line of each
 * element of one of its array members (an EventList's `items`, a webhook's `alerts`).
 */
export interface AlertDocument {
  value: JsonObject;
  /** The file and the 1-based line where the document starts. */
  at: SourceLocation;
  /** The 1-based line where element `index` of the array member `key` starts. */
  itemLine(key: string, index: number): number;
}

/** The text a document was parsed from, shared by the documents of one input. */
export interface SourceText {
  text: string;
  path: string;
  starts: number[];
}

/** A {@link SourceText} for `text` read from `path` (line starts found on first use). */
export function sourceText(text: string, path: string): SourceText {
  let starts: number[] | undefined;
  return {
    text,
    path,
    get starts() {
      starts ??= lineStarts(text);
      return starts;
    },
  };
}

/** A document whose value starts at `offset` in a multi-line text (a whole JSON file). */
export function documentAt(source: SourceText, value: JsonObject, offset: number): AlertDocument {
  const line = lineAt(source.starts, offset);
  const cache = new Map<string, number[]>();
  return {
    value,
    at: { path: source.path, line },
    itemLine(key, index) {
      let offsets = cache.get(key);
      if (offsets === undefined) {
        const start = memberValueOffset(source.text, offset, key);
        offsets = start === undefined ? [] : arrayElementOffsets(source.text, start);
        cache.set(key, offsets);
      }
      const at = offsets[index];
      return at === undefined ? line : lineAt(source.starts, at);
    },
  };
}

/** A document that sits on one line (JSON lines): every part of it is on that line. */
export function documentOnLine(value: JsonObject, at: SourceLocation): AlertDocument {
  return { value, at, itemLine: () => at.line };
}

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

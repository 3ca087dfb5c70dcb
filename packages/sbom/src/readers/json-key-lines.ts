import type { SbomError } from '../error.js';
import { parseError } from './parse-error.js';
import { lineAt, lineStarts } from '@trailmark/core';

/**
 * Called for every object member key: `path` holds the keys of the enclosing members and the
 * key itself last (`'[]'` for array levels); `line` is the 1-based line of the key. `path` is
 * reused between calls: copy what you keep.
 */
export type JsonKeyVisitor = (path: readonly string[], line: number) => void;

/**
 * One linear pass over JSON text reporting where each member key starts. Values are left to
 * `JSON.parse`; this only answers "which line", which `JSON.parse` cannot.
 */
export function scanJsonKeys(text: string, visit: JsonKeyVisitor): void {
  const path: string[] = [];
  const objects: boolean[] = [];
  let line = 1;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{' || c === '[') {
      objects.push(c === '{');
      path.push(c === '{' ? '' : '[]');
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      objects.pop();
      path.pop();
      expectKey = false;
    } else if (c === ',') expectKey = objects.at(-1) === true;
    else if (c === '"') {
      const end = stringEnd(text, i);
      if (expectKey) {
        path[path.length - 1] = decodeKey(text.slice(i, end + 1));
        visit(path, line);
        expectKey = false;
      }
      i = end;
    }
  }
}

/** Index of the closing quote of the string opening at `start` (or the last index). */
function stringEnd(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at !== -1) {
    let slashes = 0;
    while (text[at - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length - 1;
}

function decodeKey(quoted: string): string {
  return quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
}

/** Wraps a `JSON.parse` failure as `SBOM_PARSE` naming `path:line`. */
export function jsonParseError(text: string, path: string, err: unknown): SbomError {
  const reason = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(reason)?.[1];
  let line: number;
  if (position !== undefined) line = lineAt(lineStarts(text), Number(position));
  else if (reason.includes('end of JSON input')) line = lineStarts(text.trimEnd()).length;
  else line = firstBadTokenLine(text) ?? 1;
  return parseError(path, line, `invalid JSON: ${oneLine(reason)}`, err);
}

/** A message on one line, at most 160 characters (V8 quotes a snippet of the input, newlines included). */
function oneLine(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"|[^\s{}[\],:"]+|"|\n/g;
const SCALAR = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)$/;

/** The line of the first token that is neither a complete string nor a JSON literal/number. */
function firstBadTokenLine(text: string): number | undefined {
  let line = 1;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    if (token === '\n') line++;
    else if (!token.startsWith('"') ? !SCALAR.test(token) : token.length === 1) return line;
  }
  return undefined;
}

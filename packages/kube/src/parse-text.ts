import { lineAt, lineStarts } from '@trailmark/core';
import { parseAllDocuments } from 'yaml';
import { KubeError } from './error.js';

/** One parsed document of a cluster file, with the 1-based line it starts on. */
export interface ParsedDocument {
  value: unknown;
  line: number;
}

// Bounds what a hostile file can make the YAML parser build.
const YAML_OPTIONS = { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true } as const;

/**
 * The documents of a cluster file: one JSON value when the text starts with `{` or `[`, else every
 * document of a YAML stream (`kubectl -o yaml`, `---`-separated manifests). A syntax error is
 * `KUBE_PARSE` naming `file:line` (for JSON, the line is computed from the parser's position).
 */
export function parseDocuments(text: string, file: string): ParsedDocument[] {
  const start = text.search(/\S/);
  if (start === -1) throw parseError(file, 1, 'the file is empty');
  const first = text[start];
  return first === '{' || first === '[' ? [parseJson(text, file)] : parseYaml(text, file);
}

function parseJson(text: string, file: string): ParsedDocument {
  try {
    return { value: JSON.parse(text) as unknown, line: 1 };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw parseError(file, jsonErrorLine(text, reason), `invalid JSON: ${withoutSnippet(reason)}`);
  }
}

/** The line V8's JSON error points at: its `position`, else where the text stops being JSON. */
function jsonErrorLine(text: string, reason: string): number {
  const position = /at position (\d+)/.exec(reason)?.[1];
  if (position !== undefined) return lineAt(lineStarts(text), Number(position));
  if (reason.includes('end of JSON input')) return lineStarts(text.trimEnd()).length;
  return lineAt(lineStarts(text), firstBadOffset(text));
}

/**
 * The offset of the first character that no JSON text can continue with (V8 names no position
 * for `Unexpected token`): the shortest prefix that fails for a reason other than ending early,
 * found by bisection over prefixes.
 */
function firstBadOffset(text: string): number {
  let good = 0;
  let bad = text.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (failsBefore(text.slice(0, middle))) bad = middle;
    else good = middle;
  }
  return bad - 1;
}

// True when `prefix` already holds an error, not merely an unfinished value.
function failsBefore(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const reason = error instanceof Error ? error.message : '';
    if (reason.includes('end of JSON input')) return false;
    const position = /at position (\d+)/.exec(reason)?.[1];
    return position === undefined || Number(position) < prefix.length;
  }
}

function parseYaml(text: string, file: string): ParsedDocument[] {
  const starts = lineStarts(text);
  const documents = parseAllDocuments(text, YAML_OPTIONS);
  const list = Array.isArray(documents) ? documents : [];
  const parsed: ParsedDocument[] = [];
  for (const document of list) {
    const [problem] = document.errors;
    if (problem) {
      const line = problem.linePos?.[0].line ?? lineAt(starts, problem.pos[0]);
      const reason = problem.message.split('\n')[0] ?? problem.code;
      throw parseError(file, line, `invalid YAML: ${withoutSnippet(reason)}`);
    }
    const value: unknown = document.toJS(YAML_OPTIONS);
    const offset = document.contents?.range[0] ?? document.range[0];
    if (value !== null && value !== undefined) parsed.push({ value, line: lineAt(starts, offset) });
  }
  return parsed;
}

/**
 * `KUBE_PARSE` at `file:line`. Syntax errors carry no cause: the parsers' own messages quote the
 * input around the error, and in a file of Secrets that input may be a value.
 */
export function parseError(file: string, line: number, reason: string): KubeError {
  return new KubeError('KUBE_PARSE', `${file}:${line}: ${reason}`, {
    location: { path: file, line },
  });
}

/** The parser's reason without the piece of input it quotes (V8: `, "…" is not valid JSON`; yaml: `at line …:` and the source lines). */
function withoutSnippet(reason: string): string {
  const flat = reason
    .replace(/, ".*" is not valid JSON$/s, ' (not valid JSON)')
    .replace(/ at line \d+, column \d+:[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

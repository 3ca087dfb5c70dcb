import { parseDocument } from 'yaml';

/**
 * Thrown inside the lean pass when a document uses YAML the lean pass does not decide by itself
 * (flow collections, anchors, tags, multi-line scalars, …): that one document goes to the full
 * parser. Control flow only; never escapes the manifest package.
 */
export class NeedsFullParse extends Error {}

/** Gives up on the lean pass for the current document. */
export function fullParse(): never {
  throw new NeedsFullParse();
}

/** One single-line scalar as written: its value and its `[start, end)` columns in the line. */
export interface LineScalar {
  value: unknown;
  start: number;
  end: number;
}

/** First characters a plain scalar cannot start with (YAML indicators), or that we leave alone. */
const INDICATOR = /^[[\]{},#&*!|>'"%@`]/;
/** The YAML 1.2 core schema's tests, in yaml's order (the first that matches resolves). */
const CORE: readonly [RegExp, (source: string) => unknown][] = [
  [/^(?:~|[Nn]ull|NULL)?$/, () => null],
  [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T'],
  [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
  [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
  [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
  [
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    (s) =>
      s.endsWith('nan') || s.endsWith('NaN') || s.endsWith('NAN')
        ? NaN
        : s[0] === '-'
          ? -Infinity
          : Infinity,
  ],
  [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (s) => parseFloat(s)],
  [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (s) => parseFloat(s)],
];
/** First characters of every plain scalar the core schema does not leave a string. */
const MAYBE_TYPED = /^[-+.0-9~nNtTfF]|^$/;

/** The core-schema value of a plain scalar (`1.0` → 1, `~` → null, `on` → "on"). */
export function plainValue(source: string): unknown {
  if (!MAYBE_TYPED.test(source)) return source;
  for (const [test, resolve] of CORE) if (test.test(source)) return resolve(source);
  return source;
}

/**
 * Reads the single-line scalar starting at `col` (plain, "double" or 'single' quoted), followed
 * only by spaces and an optional comment. Gives up on anything else.
 */
export function readLineScalar(line: string, col: number): LineScalar {
  const first = line[col];
  const quoted =
    first === '"' ? readDouble(line, col) : first === "'" ? readSingle(line, col) : undefined;
  if (quoted) {
    if (!isTrailing(line, quoted.end)) fullParse();
    return quoted;
  }
  if (INDICATOR.test(line.slice(col, col + 1)) || /^[-?:](?:\s|$)/.test(line.slice(col, col + 2)))
    fullParse();
  let end = line.indexOf(' #', col);
  if (end === -1) end = line.length;
  while (end > col && line[end - 1] === ' ') end--;
  const source = line.slice(col, end);
  if (source.includes('\t') || source.includes(': ') || source.endsWith(':')) fullParse();
  return { value: plainValue(source), start: col, end };
}

/** True when only spaces, or spaces and a comment, follow `at`. */
export function isTrailing(line: string, at: number): boolean {
  let i = at;
  while (line[i] === ' ') i++;
  return i === line.length || (line[i] === '#' && i > at);
}

function readDouble(line: string, col: number): LineScalar {
  let i = col + 1;
  let escaped = false;
  for (; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      escaped = true;
      i++;
    } else if (c === '"') break;
  }
  if (i >= line.length) fullParse();
  const body = line.slice(col + 1, i);
  let value: unknown = body;
  if (escaped) {
    try {
      value = JSON.parse(`"${body}"`); // JSON's escapes mean the same in YAML; others give up
    } catch {
      fullParse();
    }
  }
  return { value, start: col, end: i + 1 };
}

function readSingle(line: string, col: number): LineScalar {
  let i = col + 1;
  for (; i < line.length; i++) {
    if (line[i] !== "'") continue;
    if (line[i + 1] === "'") i++;
    else break;
  }
  if (i >= line.length) fullParse();
  return { value: line.slice(col + 1, i).replace(/''/g, "'"), start: col, end: i + 1 };
}

/** A plain or quoted mapping key at `col`: its text, value and end, and the column after `:`. */
export function readKey(
  line: string,
  col: number,
): { value: string; end: number; after: number } | undefined {
  const first = line[col];
  if (first === '"' || first === "'") {
    const quoted = first === '"' ? readDouble(line, col) : readSingle(line, col);
    let i = quoted.end;
    while (line[i] === ' ') i++;
    if (line[i] !== ':' || !(i + 1 === line.length || line[i + 1] === ' ')) return undefined;
    if (typeof quoted.value !== 'string') fullParse();
    return { value: quoted.value, end: quoted.end, after: i + 1 };
  }
  let colon = line.indexOf(':', col);
  while (colon !== -1 && colon + 1 < line.length && line[colon + 1] !== ' ')
    colon = line.indexOf(':', colon + 1);
  if (colon === -1) return undefined;
  let end = colon;
  while (end > col && line[end - 1] === ' ') end--;
  const text = line.slice(col, end);
  if (text.includes(' #') || text.includes('\t')) return undefined;
  if (text === '' || text.length > 1000 || text === '__proto__' || text === '<<') fullParse();
  if (INDICATOR.test(text) || /^[-?:](?:\s|$)/.test(line.slice(col, col + 2))) fullParse();
  if (plainValue(text) !== text) fullParse();
  return { value: text, end, after: colon + 1 };
}

const flowCache = new Map<string, unknown>();
const FLOW_CACHE_LIMIT = 4096;

/**
 * Reads a flow collection (`[a, "b"]`, `{k: v}`) that opens at `col` and closes on the same line;
 * its value comes from JSON when it is JSON, else from yaml itself. Anchors, aliases, tags, and
 * collections spanning lines give up.
 */
export function readFlow(line: string, col: number): LineScalar {
  let depth = 0;
  let end = -1;
  for (let i = col; i < line.length && end === -1; i++) {
    const c = line[i];
    if (c === '"' || c === "'") {
      i = skipQuoted(line, i);
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) end = i + 1;
    }
  }
  if (end === -1 || !isTrailing(line, end)) fullParse();
  const source = line.slice(col, end);
  if (flowCache.has(source)) return { value: flowCache.get(source), start: col, end };
  const value = flowValue(source);
  if (flowCache.size >= FLOW_CACHE_LIMIT) flowCache.clear();
  flowCache.set(source, value);
  return { value, start: col, end };
}

function skipQuoted(line: string, at: number): number {
  const quote = line[at];
  for (let i = at + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i;
    }
  }
  return fullParse();
}

function flowValue(source: string): unknown {
  if (source[0] === '[' && !source.includes('{')) {
    try {
      return JSON.parse(source);
    } catch {
      // not JSON: yaml decides below
    }
  }
  if (/[&*!]/.test(source)) fullParse();
  const doc = parseDocument(source, { strict: true, uniqueKeys: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) fullParse();
  return doc.toJS({ maxAliasCount: 0 });
}

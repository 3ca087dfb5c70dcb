import { parseError } from './parse-error.js';

/** One `yarn.lock` v1 entry: its specs (`a@^1`, `a@^1.2`), its key line, scalar fields and maps. */
export interface ClassicEntry {
  specs: string[];
  line: number;
  fields: Map<string, string>;
  maps: Map<string, [string, string][]>;
}

/**
 * Parses the yarn v1 lockfile syntax (indentation-based `key value` lines, keys ending in `:`
 * open a block) in one pass, keeping each entry's line. yarn's own grammar (pegjs, in
 * `@yarnpkg/parsers`) takes 40–95 ms on a 750-entry file and reports no lines for values.
 */
export function parseYarnClassic(text: string, path: string): ClassicEntry[] {
  const entries: ClassicEntry[] = [];
  let entry: ClassicEntry | undefined;
  let map: [string, string][] | undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] ?? '').replace(/\r$/, '');
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const body = raw.slice(indent);
    if (indent === 0) {
      entry = { specs: parseKeyList(body, path, line), line, fields: new Map(), maps: new Map() };
      entries.push(entry);
      map = undefined;
    } else if (indent === 2 && entry !== undefined) {
      map = parseField(body, path, line, entry);
    } else if (indent === 4 && map !== undefined) {
      const [key, value] = parsePair(body, path, line);
      map.push([key, value]);
    } else {
      throw parseError(path, line, `unexpected indentation in yarn.lock`);
    }
  }
  return entries;
}

/** `key value` → a field; `key:` → a new map, returned so its lines can follow. */
function parseField(
  body: string,
  path: string,
  line: number,
  entry: ClassicEntry,
): [string, string][] | undefined {
  const [key, rest] = readToken(body, 0, path, line);
  if (body.slice(rest).trim() === ':') {
    const map: [string, string][] = [];
    entry.maps.set(key, map);
    return map;
  }
  entry.fields.set(key, readValue(body, rest, path, line));
  return undefined;
}

function parsePair(body: string, path: string, line: number): [string, string] {
  const [key, rest] = readToken(body, 0, path, line);
  return [key, readValue(body, rest, path, line)];
}

/** `"a@^1", a@^1.2:` → `['a@^1', 'a@^1.2']`. */
function parseKeyList(body: string, path: string, line: number): string[] {
  if (!body.endsWith(':')) throw parseError(path, line, 'expected an entry key ending in ":"');
  const specs: string[] = [];
  let at = 0;
  const end = body.length - 1;
  while (at < end) {
    const [spec, next] = readToken(body, at, path, line);
    specs.push(spec);
    at = next;
    while (at < end && (body[at] === ',' || body[at] === ' ')) at++;
  }
  if (specs.length === 0) throw parseError(path, line, 'empty entry key');
  return specs;
}

/** A quoted (JSON escapes) or bare token starting at `start`; returns it and the index after it. */
function readToken(body: string, start: number, path: string, line: number): [string, number] {
  if (body[start] === '"') {
    const close = /^"(?:[^"\\]|\\.)*"/.exec(body.slice(start));
    if (close === null) throw parseError(path, line, 'unterminated string');
    return [JSON.parse(close[0]) as string, start + close[0].length];
  }
  const bare = /^[^\s,:"]+(?::(?!\s|$)[^\s,:"]*)*/.exec(body.slice(start));
  if (bare === null)
    throw parseError(path, line, `unexpected character ${JSON.stringify(body[start] ?? '')}`);
  return [bare[0], start + bare[0].length];
}

function readValue(body: string, from: number, path: string, line: number): string {
  const rest = body.slice(from).trim();
  if (rest === '') throw parseError(path, line, 'expected a value');
  if (!rest.startsWith('"')) return rest;
  const [value, end] = readToken(rest, 0, path, line);
  if (rest.slice(end).trim() !== '')
    throw parseError(path, line, 'unexpected text after a quoted value');
  return value;
}

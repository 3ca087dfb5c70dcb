import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';

/**
 * Lines of the mapping keys of a YAML lockfile: the keys at `indent` spaces, inside the
 * top-level `section` (or the top-level keys themselves when `section` is undefined).
 *
 * Lockfile writers emit plain block style, so a line scan finds every key in one linear pass
 * (parsing the 1,317-package pnpm lockfile with `yaml`'s document API takes about 140 ms, the
 * scan about 2 ms). When the scan misses a key that `wanted` lists (hand-edited or unusual
 * quoting), the answer comes from `yaml`'s CST positions instead, so it is never a guess.
 */
export function locateYamlKeys(
  text: string,
  wanted: Iterable<string>,
  where: { indent: number; section?: string },
): Map<string, number> {
  const lines = scanYamlKeys(text, where.indent, where.section);
  for (const key of wanted) {
    if (!lines.has(key)) return keyLinesFromDocument(text, where.section);
  }
  return lines;
}

function scanYamlKeys(
  text: string,
  indent: number,
  section: string | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  const prefix = ' '.repeat(indent);
  let current: string | undefined;
  let lineNo = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    lineNo++;
    start = end + 1;
    if (section !== undefined && /^[^\s#]/.test(line)) current = parseYamlKey(line);
    if (
      (section === undefined || current === section) &&
      line.startsWith(prefix) &&
      /^[^\s#-]/.test(line.slice(indent))
    ) {
      const key = parseYamlKey(line.slice(indent));
      if (key !== undefined && !out.has(key)) out.set(key, lineNo);
    }
  }
  return out;
}

/** The key of a `key: value` / `key:` line: plain, 'single' or "double" quoted. */
function parseYamlKey(line: string): string | undefined {
  if (line.startsWith("'")) {
    const end = /^'((?:[^']|'')*)':(\s|$)/.exec(line);
    return end?.[1]?.replace(/''/g, "'");
  }
  if (line.startsWith('"')) {
    const end = /^("(?:[^"\\]|\\.)*"):(\s|$)/.exec(line);
    return end?.[1] === undefined ? undefined : jsonString(end[1]);
  }
  const colon = line.search(/:(\s|$)/);
  return colon <= 0 ? undefined : line.slice(0, colon).trimEnd();
}

/** A double-quoted key; YAML escapes JSON lacks (`\x41`) give undefined, so the exact path answers. */
function jsonString(quoted: string): string | undefined {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return undefined;
  }
}

/** The slow, exact path: key positions from `yaml`'s parsed document. */
function keyLinesFromDocument(text: string, section: string | undefined): Map<string, number> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const node = section === undefined ? doc.contents : doc.get(section, true);
  const out = new Map<string, number>();
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = pair.key;
    if (isScalar(key) && key.range !== undefined && key.range !== null) {
      out.set(String(key.value), lineCounter.linePos(key.range[0]).line);
    }
  }
  return out;
}

import { fullParse } from './lean-scalar.js';
import { lineEndOf, spacesAt } from './scan-text.js';

/** A block scalar read by the stream scanner. */
export interface ScannedBlock {
  /** Its value when asked for (literal only), else undefined. */
  value: string | undefined;
  /** End (the `\n` or the document's end) of its last content line. */
  lastEnd: number;
}

/**
 * Reads the block scalar whose header (`|`, `|-`, `>`, `>-`) sits at `at` of the line `[ls, le)`,
 * under a parent at `parentIndent`, with the lean pass's rules (lean-block.ts); its value only when
 * `wantValue` (folded scalars then give up).
 */
export function scanBlockScalar(
  text: string,
  ls: number,
  le: number,
  at: number,
  parentIndent: number,
  limit: number,
  wantValue: boolean,
): ScannedBlock {
  const folded = text.charCodeAt(at) === 62;
  let h = at + 1;
  const strip = text.charCodeAt(h) === 45;
  if (strip) h++;
  const spaces = spacesAt(text, h, le);
  if (h + spaces !== le && (spaces === 0 || text.charCodeAt(h + spaces) !== 35)) fullParse();
  let indent = -1;
  let leading = 0;
  let last = ls;
  let lastEnd = le;
  let tail = 0;
  for (let p = le + 1; p < limit;) {
    const pe = lineEndOf(text, p, limit);
    const n = spacesAt(text, p, pe);
    const blank = p + n === pe;
    if (indent === -1) {
      if (blank) {
        leading = Math.max(leading, n);
        p = pe + 1;
        continue;
      }
      if (n <= parentIndent || text.charCodeAt(p + n) === 9) break;
      indent = n;
      if (leading > indent) fullParse();
    } else if (!blank && n < indent) break;
    if (blank) tail = Math.max(tail, n);
    else {
      last = p;
      lastEnd = pe;
      tail = 0;
    }
    p = pe + 1;
  }
  if (indent === -1) fullParse();
  // Whitespace past the indentation after the last content line would be content too.
  if (tail > indent) fullParse();
  if (!wantValue) return { value: undefined, lastEnd };
  if (folded) fullParse();
  const parts: string[] = [];
  for (let p = le + 1; p <= last;) {
    const pe = lineEndOf(text, p, limit);
    parts.push(text.slice(Math.min(p + indent, pe), pe));
    p = pe + 1;
  }
  const body = parts.join('\n');
  return { value: strip ? body : `${body}\n`, lastEnd };
}

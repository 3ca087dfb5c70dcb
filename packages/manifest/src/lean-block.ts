import { fullParse } from './lean-scalar.js';

/** A block scalar (`|`, `|-`, `>`, `>-`) read by the lean pass. */
export interface BlockScalar {
  /** Literal (`|`) or folded (`>`). */
  folded: boolean;
  strip: boolean;
  /** Index of the first line after the header that is not part of the scalar. */
  next: number;
  /** Index of the last line holding content (the header's line when there is none). */
  last: number;
  /** Content indentation. */
  indent: number;
}

/**
 * Reads the block scalar whose header sits at `col` of line `at` (under a parent at
 * `parentIndent`). Gives up on keep chomping (`+`), indentation indicators and empty scalars.
 */
export function readBlockScalar(
  lines: readonly string[],
  at: number,
  col: number,
  parentIndent: number,
): BlockScalar {
  const header = /^([|>])(-?)(?:\s*$|\s+#)/.exec((lines[at] ?? '').slice(col));
  if (!header) fullParse();
  let indent = -1;
  let last = at;
  let next = at + 1;
  let leading = 0;
  for (; next < lines.length; next++) {
    const line = lines[next] ?? '';
    const spaces = countSpaces(line);
    const blank = spaces === line.length;
    if (indent === -1) {
      if (blank) {
        leading = Math.max(leading, spaces);
        continue;
      }
      if (spaces <= parentIndent || line[spaces] === '\t') break;
      indent = spaces;
      if (leading > indent) fullParse();
    } else if (!blank && spaces < indent) break;
    if (!blank) last = next;
  }
  if (indent === -1) fullParse();
  // Whitespace past the indentation after the last content line would be content too.
  for (let n = last + 1; n < next; n++) if ((lines[n] ?? '').length > indent) fullParse();
  return { folded: header[1] === '>', strip: header[2] === '-', next: last + 1, last, indent };
}

/** The value of a literal block scalar (folded ones give up: their folding rules stay with yaml). */
export function blockValue(lines: readonly string[], at: number, block: BlockScalar): string {
  if (block.folded) fullParse();
  const parts: string[] = [];
  for (let n = at + 1; n <= block.last; n++) parts.push((lines[n] ?? '').slice(block.indent));
  const body = parts.join('\n');
  return block.strip ? body : `${body}\n`;
}

/** Leading spaces of a line. */
export function countSpaces(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

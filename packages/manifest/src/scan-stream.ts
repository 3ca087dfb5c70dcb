import { isSeparatorLine } from './lines.js';

/** A document's range in a stream and the 1-based line it starts on. */
export interface DocumentRange {
  start: number;
  end: number;
  line: number;
}

/**
 * Splits a stream at its `---` separator lines, in one pass over its line ends (no table of line
 * starts). A stream that starts with `---` has an empty first range, so offsets stay contiguous.
 */
export function splitStream(text: string): DocumentRange[] {
  const ranges: DocumentRange[] = [];
  let start = 0;
  let startLine = 1;
  let line = 1;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) {
    line++;
    const at = nl + 1;
    if (
      text.charCodeAt(at) === 45 &&
      text.startsWith('---', at) &&
      isSeparatorLine(lineText(text, at))
    ) {
      ranges.push({ start, end: at, line: startLine });
      start = at;
      startLine = line;
    }
  }
  ranges.push({ start, end: text.length, line: startLine });
  return ranges;
}

function lineText(text: string, at: number): string {
  const end = text.indexOf('\n', at);
  const line = text.slice(at, end === -1 ? text.length : end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * The 1-based stream line of an offset in the document `range`, counting line ends from the
 * document's start (offsets asked for are near it: kind, start of the object).
 */
export function lineInDocument(text: string, range: DocumentRange, offset: number): number {
  let line = range.line;
  const stop = range.start + offset;
  for (
    let nl = text.indexOf('\n', range.start);
    nl !== -1 && nl < stop;
    nl = text.indexOf('\n', nl + 1)
  )
    line++;
  return line;
}

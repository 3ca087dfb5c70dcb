/**
 * A cheap, linear bound on nesting, checked before the YAML parser runs: the parser recurses per
 * level and, far enough down, exhausts the stack (or worse, the regexp compiler's memory) instead
 * of failing cleanly. Counts indentation levels and compact `- - -` sequences of block lines, and
 * open `[`/`{` outside quotes, comments and block scalars. Returns the first line past `limit`.
 */
export function findExcessiveNesting(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let scalarIndent: number | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (scalarIndent !== undefined && indent > scalarIndent) continue;
    scalarIndent = undefined;
    if (flow === 0) {
      while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= indent) indents.pop();
      indents.push(indent);
      if (indents.length + compactDashes(trimmed) > limit) return n + 1;
    }
    const counted = countFlow(trimmed, flow);
    flow = counted.depth;
    if (counted.max > limit) return n + 1;
    if (flow === 0 && /(?:^|[:-]\s)[|>][-+0-9]*\s*(?:#.*)?$/.test(trimmed)) scalarIndent = indent;
  }
  return undefined;
}

function compactDashes(trimmed: string): number {
  const match = /^(?:-\s+)+/.exec(trimmed);
  return match ? match[0].split('-').length - 1 : 0;
}

function countFlow(line: string, start: number): { depth: number; max: number } {
  let depth = start;
  let max = start;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || line[i - 1] === ' ')) break;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth, max };
}

import { CONTENT_WEIGHT } from './align.js';
import { isSeparatorLine, splitLines } from './lines.js';
import { exclusiveBranches, type TemplateLine } from './template-scan.js';
import type { TemplateIndex, TemplateSegment } from './template.js';

/**
 * The literal lines (no template action) of a template document that can render together with its
 * line `anchor` (1-based, normally a `kind:` line): lines in a branch exclusive with the anchor's
 * are left out, so an `if` and its `else` in one document give two different sets.
 */
export function siteLiterals(
  index: TemplateIndex,
  segment: TemplateSegment,
  anchor: number,
): string[] {
  const branches = index.lines[anchor - 1]?.branches ?? [];
  const out: string[] = [];
  for (let i = segment.startLine - 1; i < segment.endLine; i++) {
    const line = index.lines[i];
    if (!line || !isLiteral(line) || exclusiveBranches(branches, line.branches)) continue;
    out.push(line.text.trim());
  }
  return out;
}

function isLiteral(line: TemplateLine): boolean {
  return (
    line.content !== '' &&
    !line.startsInAction &&
    !line.text.includes('{{') &&
    !isSeparatorLine(line.text)
  );
}

/** The trimmed, non-blank, non-comment lines of a rendered document. */
export function documentLines(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) out.add(line);
  }
  return out;
}

/**
 * How well a site's literal lines fit a rendered document, within ±{@link CONTENT_WEIGHT} (plus at
 * most 1 for the number of lines found, so that a larger site found whole beats a smaller one).
 */
export function contentScore(literals: readonly string[], doc: ReadonlySet<string>): number {
  let found = 0;
  for (const line of literals) if (doc.has(line)) found++;
  const missing = literals.length - found;
  if (literals.length === 0) return 0;
  return (CONTENT_WEIGHT * (found - missing)) / literals.length + Math.min(found, 100) / 100;
}

/** Share of a site's literal lines found in the document (1 when the site has none). */
export function coverage(literals: readonly string[], doc: ReadonlySet<string>): number {
  if (literals.length === 0) return 1;
  return literals.filter((line) => doc.has(line)).length / literals.length;
}

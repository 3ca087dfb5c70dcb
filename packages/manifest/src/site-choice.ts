import type { SourceLocation, SourceMatch } from '@trailmark/core';
import { alignToSegments, scoreSegment } from './align.js';
import { branchVerdict, type ValuesLookup } from './template-condition.js';
import { contentScore, siteLiterals } from './template-content.js';
import { matchesPattern } from './template-pattern.js';
import type { ObjectHead } from './stream.js';
import type { TemplateIndex, TemplateSegment } from './template.js';

/** One object of a template group, with its rendered body's lines (computed on demand). */
export interface GroupObject {
  head: ObjectHead;
  lines: () => ReadonlySet<string>;
  /** False when the object's file is only inherited (Helm 2): then a name that fits nothing stays unmatched. */
  renames: boolean;
}

/** The template document chosen for an object, the line in it, and how it was chosen. */
export interface SiteChoice {
  segment: TemplateSegment;
  line: number;
  match: SourceMatch;
  via?: SourceLocation;
}

/**
 * Chooses each object's template document (design.md §3, "Which document"): kind and name pattern
 * in template order, content where several documents fit; renamed objects take the file's single
 * document of their kind, or the best by content. Undefined when no document has the object's kind.
 */
export function chooseSites(
  objects: readonly GroupObject[],
  index: TemplateIndex,
  lookup: ValuesLookup | undefined,
): (SiteChoice | undefined)[] {
  const segments = index.segments;
  const content = (i: number, j: number): number => {
    const object = objects[i];
    const segment = segments[j];
    if (!object || !segment) return 0;
    return siteFit(object, segment, index, lookup).score;
  };
  const assigned = alignToSegments(
    objects.map((object) => object.head),
    segments,
    { nameAffixes: true, contentScore: content },
  );
  return objects.map((object, i) => {
    const segment = segments[assigned[i] ?? -1];
    if (segment) return named(object, segment, index, lookup);
    return object.renames ? renamed(object, index, lookup) : undefined;
  });
}

function named(
  object: GroupObject,
  segment: TemplateSegment,
  index: TemplateIndex,
  lookup: ValuesLookup | undefined,
): SiteChoice {
  const fit = siteFit(object, segment, index, lookup);
  if (fit.line === undefined) return { segment, line: segment.startLine, match: 'first-line' };
  // Rivals: other documents whose kind and name fit as well as the chosen one's.
  const own = scoreSegment(object.head, segment, { nameAffixes: true });
  const rivals = index.segments.filter(
    (other) => scoreSegment(object.head, other, { nameAffixes: true }) >= own,
  );
  const alternatives = segment.kinds.filter((kind) =>
    matchesPattern(kind.pattern, object.head.kind),
  );
  const match = rivals.length > 1 || alternatives.length > 1 ? 'content' : 'name';
  return { segment, line: fit.line, match };
}

function renamed(
  object: GroupObject,
  index: TemplateIndex,
  lookup: ValuesLookup | undefined,
): SiteChoice | undefined {
  const sites = index.segments.filter(
    (segment) =>
      segment.produces === 'yes' &&
      segment.kinds.some((kind) => matchesPattern(kind.pattern, object.head.kind)),
  );
  let best: { segment: TemplateSegment; line: number; score: number } | undefined;
  for (const segment of sites) {
    const fit = siteFit(object, segment, index, lookup);
    if (fit.line !== undefined && (!best || fit.score > best.score))
      best = { segment, line: fit.line, score: fit.score };
  }
  if (!best) return undefined;
  const single = sites.length === 1 && sites[0]?.kinds.length === 1;
  return { segment: best.segment, line: best.line, match: single ? 'single-site' : 'content' };
}

/**
 * The best `kind:` line of a segment for the object (several when `if`/`else` choose the kind or
 * hold whole documents without `---`) and its content score, values verdict included as a tie-break.
 */
function siteFit(
  object: GroupObject,
  segment: TemplateSegment,
  index: TemplateIndex,
  lookup: ValuesLookup | undefined,
): { line: number | undefined; score: number } {
  const kinds = segment.kinds.filter((kind) => matchesPattern(kind.pattern, object.head.kind));
  if (kinds.length === 0) return { line: segment.kindLine, score: 0 };
  let best = { line: kinds[0]?.line, score: -Infinity };
  for (const kind of kinds) {
    const literals = siteLiterals(index, segment, kind.line);
    const verdict = lookup ? branchVerdict(index, kind.line, lookup) : 0;
    const score = contentScore(literals, object.lines()) + verdict / 2;
    if (score > best.score) best = { line: kind.line, score };
  }
  return best;
}

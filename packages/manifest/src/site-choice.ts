import type { SourceLocation, SourceMatch } from '@trailmark/core';
import { alignToSegments, possible, scoreKindSite, scoreSegment } from './align.js';
import { branchTieBreak } from './branch-tie-break.js';
import type { ValuesLookup } from './template-condition.js';
import { contentScore, siteLiterals } from './template-content.js';
import { matchesPattern } from './template-pattern.js';
import type { ObjectHead } from './stream.js';
import type { KindSite, TemplateIndex, TemplateSegment } from './template.js';

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

/** What choosing needs: the objects, the template, content scores and tie-breaks by `kind:` line. */
interface Context {
  objects: readonly GroupObject[];
  index: TemplateIndex;
  content: (i: number, segment: TemplateSegment, line: number) => number;
  tieBreak: (i: number, line: number) => number;
}

const AFFIXES = { nameAffixes: true };

/**
 * Chooses each object's template document (docs/stamp.md, "Which line: three rules"): kind and name pattern
 * in template order, content where several documents fit, then the tie-breaks of
 * {@link branchTieBreak}; renamed objects take the file's single document of their kind, or the
 * best by content. Undefined when no document has the object's kind.
 */
export function chooseSites(
  objects: readonly GroupObject[],
  index: TemplateIndex,
  lookup: ValuesLookup | undefined,
): (SiteChoice | undefined)[] {
  const base: Context = { objects, index, content: memoContent(objects, index), tieBreak: () => 0 };
  const context = { ...base, tieBreak: branchTieBreak(index, decidedLines(base), lookup) };
  const segments = index.segments;
  const fitOf = (i: number, j: number): number => {
    const segment = segments[j];
    const object = objects[i];
    if (!segment || !object || segment.produces !== 'yes' || segment.kinds.length === 0) return 0;
    // The alignment adds this to the document's own score: make the sum the best site's total.
    return siteFit(context, i, segment).total - scoreSegment(object.head, segment, AFFIXES);
  };
  const assigned = alignToSegments(
    objects.map((object) => object.head),
    segments,
    { ...AFFIXES, contentScore: fitOf },
  );
  return objects.map((object, i) => {
    const segment = segments[assigned[i] ?? -1];
    if (segment) return named(context, i, segment);
    return object.renames ? renamed(context, i) : undefined;
  });
}

function memoContent(objects: readonly GroupObject[], index: TemplateIndex): Context['content'] {
  const cache = new Map<string, number>();
  // A site's literal lines depend on the site alone, not on the object scored against them.
  const literals = new Map<number, string[]>();
  return (i, segment, line) => {
    const key = `${i}:${line}`;
    let score = cache.get(key);
    if (score === undefined) {
      const lines = objects[i]?.lines() ?? new Set<string>();
      let site = literals.get(line);
      if (!site) {
        site = siteLiterals(index, segment, line);
        literals.set(line, site);
      }
      score = contentScore(site, lines);
      cache.set(key, score);
    }
    return score;
  };
}

/**
 * For each object, the `kind:` line that kind, name and content choose on their own (one site
 * better than every other of the file), else undefined: the evidence branch consistency uses.
 */
function decidedLines(context: Context): (number | undefined)[] {
  return context.objects.map((object, i) => {
    const sites = context.index.segments.flatMap((segment) =>
      segment.produces === 'yes'
        ? segment.kinds.flatMap((kind) => {
            const score = scoreKindSite(object.head, kind, AFFIXES);
            return possible(score) ? [{ segment, kind, score }] : [];
          })
        : [],
    );
    if (sites.length < 2) return sites[0]?.kind.line;
    const totals = sites.map(
      (site) => site.score + context.content(i, site.segment, site.kind.line),
    );
    const best = Math.max(...totals);
    const at = totals.indexOf(best);
    return totals.filter((total) => total > best - 1e-9).length === 1
      ? sites[at]?.kind.line
      : undefined;
  });
}

function named(context: Context, i: number, segment: TemplateSegment): SiteChoice {
  const object = context.objects[i] as GroupObject;
  const fit = siteLine(context, i, segment);
  if (fit.line === undefined) return { segment, line: segment.startLine, match: 'first-line' };
  // Rivals: other documents whose kind and name fit as well as the chosen one's.
  const own = scoreSegment(object.head, segment, AFFIXES);
  const rivals = context.index.segments.filter(
    (other) => scoreSegment(object.head, other, AFFIXES) >= own,
  );
  const match = rivals.length > 1 || fit.alternatives > 1 ? 'content' : 'name';
  return { segment, line: fit.line, match };
}

function renamed(context: Context, i: number): SiteChoice | undefined {
  const object = context.objects[i] as GroupObject;
  const sites = context.index.segments.filter(
    (segment) =>
      segment.produces === 'yes' &&
      segment.kinds.some((kind) => matchesPattern(kind.pattern, object.head.kind)),
  );
  let best: { segment: TemplateSegment; line: number; total: number } | undefined;
  for (const segment of sites) {
    const fit = siteFit(context, i, segment);
    if (fit.line !== undefined && (!best || fit.total > best.total))
      best = { segment, line: fit.line, total: fit.total };
  }
  if (!best) return undefined;
  const single = sites.length === 1 && sites[0]?.kinds.length === 1;
  return { segment: best.segment, line: best.line, match: single ? 'single-site' : 'content' };
}

/**
 * The best `kind:` line of a segment for the object — several when `if`/`else` choose the kind or
 * hold whole documents without `---`, each with its own name — by kind and name, then content, then
 * the tie-breaks; `alternatives` counts the lines whose kind and name fit.
 */
function siteFit(
  context: Context,
  i: number,
  segment: TemplateSegment,
): { line: number | undefined; total: number; alternatives: number } {
  const fit = siteLine(context, i, segment);
  return { line: fit.line, total: fit.total(), alternatives: fit.alternatives };
}

/**
 * {@link siteFit} with the total computed on demand: a single candidate line is the best whatever
 * its content, so content (the rendered document's lines) is read only when a total is asked for.
 */
function siteLine(
  context: Context,
  i: number,
  segment: TemplateSegment,
): { line: number | undefined; total: () => number; alternatives: number } {
  const head = (context.objects[i] as GroupObject).head;
  const ofKind = segment.kinds.filter((kind) => matchesPattern(kind.pattern, head.kind));
  if (ofKind.length === 0) return { line: segment.kindLine, total: () => 0, alternatives: 0 };
  const named = ofKind.filter((kind) => possible(scoreKindSite(head, kind, AFFIXES)));
  // A renamed object fits no line by name: then all lines of its kind compete by content.
  const candidates = named.length > 0 ? named : ofKind;
  const total = (kind: KindSite): number =>
    (named.length > 0 ? scoreKindSite(head, kind, AFFIXES) : 0) +
    context.content(i, segment, kind.line) +
    context.tieBreak(i, kind.line);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only) return { line: only.line, total: () => total(only), alternatives: named.length };
  let best = { line: candidates[0]?.line, total: -Infinity };
  for (const kind of candidates) {
    const score = total(kind);
    if (score > best.total) best = { line: kind.line, total: score };
  }
  return { line: best.line, total: () => best.total, alternatives: named.length };
}

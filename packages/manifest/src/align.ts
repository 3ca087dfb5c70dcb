import type { ObjectHead } from './stream.js';
import type { KindSite, TemplateSegment } from './template.js';
import { matchesPattern, type ValuePattern } from './template-pattern.js';

const IMPOSSIBLE = -1e9;

/** How strictly names must match. */
export interface AlignOptions {
  /**
   * Accept a rendered name that contains the template's name (kustomize's namePrefix/nameSuffix
   * rewrite names after the file was written).
   */
  nameAffixes?: boolean;
  /**
   * How well object `i`'s rendered body fits segment `j` (its literal lines), added to the fit
   * when several segments remain for an object, so that content — not order — chooses between an
   * `if` and its `else`. Keep it within ±{@link CONTENT_WEIGHT}.
   */
  contentScore?: (object: number, segment: number) => number;
}

/** The most a content score may add or take: less than what a fitting name is worth. */
export const CONTENT_WEIGHT = 20;

function containsPattern(pattern: ValuePattern, value: string): boolean {
  const source = pattern.regex.source.replace(/^\^/, '').replace(/\$$/, '');
  return new RegExp(source).test(value);
}

/**
 * Scores how well a rendered object fits a template segment; {@link IMPOSSIBLE} when it cannot
 * have come from it (kind or name contradict the template). A document with several `kind:` lines
 * (an `if` and its `else` without `---` between them) scores its best-fitting one.
 */
export function scoreSegment(
  object: ObjectHead,
  segment: TemplateSegment,
  options: AlignOptions = {},
): number {
  if (segment.produces === 'no') return IMPOSSIBLE;
  if (segment.produces === 'maybe' || segment.kinds.length === 0) return 1;
  return Math.max(...segment.kinds.map((kind) => scoreKindSite(object, kind, options)));
}

/** Scores one `kind:` line of a document with the apiVersion and name that render with it. */
export function scoreKindSite(
  object: ObjectHead,
  site: KindSite,
  options: AlignOptions = {},
): number {
  if (!matchesPattern(site.pattern, object.kind)) return IMPOSSIBLE;
  let score = 100 + site.pattern.literalChars;
  if (site.name) {
    // Literal characters are the evidence: a renamed `prod-x-webhook-v2` that contains `-webhook`
    // fits `{{ fullname }}-webhook` about as well as a bare `{{ fullname }}` fits it exactly, and
    // content then decides between them.
    const literal = 2 * site.name.literalChars;
    if (matchesPattern(site.name, object.name)) score += 10 + literal;
    else if (options.nameAffixes && containsPattern(site.name, object.name)) score += literal - 6;
    else return IMPOSSIBLE;
  }
  if (site.apiVersion) score += matchesPattern(site.apiVersion, object.apiVersion) ? 10 : -50;
  return score;
}

/** True when a score is not {@link IMPOSSIBLE}. */
export function possible(score: number): boolean {
  return score > IMPOSSIBLE / 2;
}

/**
 * Assigns each rendered object (in stream order, all from one template file) to the segment that
 * produced it. Objects keep the template's order, a segment renders zero times (conditionals) or
 * many times (loops), so this is a monotone alignment maximising the total fit (dynamic
 * programming, O(objects × segments)). Objects that fit no segment in order (a loop spanning several
 * documents) fall back to their best segment anywhere; `undefined` when nothing fits.
 */
export function alignToSegments(
  objects: readonly ObjectHead[],
  segments: readonly TemplateSegment[],
  options: AlignOptions = {},
): (number | undefined)[] {
  if (objects.length === 0 || segments.length === 0) return objects.map(() => undefined);
  const scores = objects.map((object, i) =>
    withContent(
      segments.map((segment) => scoreSegment(object, segment, options)),
      i,
      options,
    ),
  );
  const path = bestMonotonePath(scores, segments);
  return path.map((segment, i) => {
    const row = scores[i] ?? [];
    const object = objects[i];
    if (
      (row[segment] ?? IMPOSSIBLE) > IMPOSSIBLE / 2 &&
      !(object && betterNamed(object, segments, segment))
    )
      return segment;
    const best = argMax(row);
    return (row[best] ?? IMPOSSIBLE) > IMPOSSIBLE / 2 ? best : undefined;
  });
}

/** Adds content scores to a row when more than one segment remains possible for the object. */
function withContent(row: number[], i: number, options: AlignOptions): number[] {
  const content = options.contentScore;
  const possible = row.filter((value) => value > IMPOSSIBLE / 2).length;
  if (!content || possible < 2) return row;
  return row.map((value, j) => (value > IMPOSSIBLE / 2 ? value + content(i, j) : value));
}

/** True when the path chose a segment whose name only contains the object's, while another fits exactly. */
function betterNamed(
  object: ObjectHead,
  segments: readonly TemplateSegment[],
  chosen: number,
): boolean {
  const exact = (segment: TemplateSegment | undefined): boolean =>
    segment !== undefined &&
    segment.kinds.some(
      (kind) =>
        matchesPattern(kind.pattern, object.kind) &&
        (kind.name === undefined || matchesPattern(kind.name, object.name)),
    );
  const chosenSegment = segments[chosen];
  if (chosenSegment?.kinds.length === 0 || exact(chosenSegment)) return false;
  return segments.some((segment) => segment.produces === 'yes' && exact(segment));
}

function bestMonotonePath(
  scores: readonly number[][],
  segments: readonly TemplateSegment[],
): number[] {
  const m = segments.length;
  const total: number[][] = [];
  const from: number[][] = [];
  scores.forEach((row, i) => {
    const previous = total[i - 1];
    total.push(new Array<number>(m).fill(IMPOSSIBLE));
    from.push(new Array<number>(m).fill(-1));
    for (let j = 0; j < m; j++) {
      const own = (row[j] ?? IMPOSSIBLE) - skipPenalty(segments, previous ? undefined : -1, j);
      if (!previous) {
        setCell(total, from, i, j, own, -1);
        continue;
      }
      for (let k = 0; k <= j; k++) {
        const step = k === j ? repeatPenalty(segments[j]) : skipPenalty(segments, k, j);
        setCell(total, from, i, j, (previous[k] ?? IMPOSSIBLE) + (row[j] ?? IMPOSSIBLE) - step, k);
      }
    }
  });
  return backtrack(total, from);
}

function setCell(
  total: number[][],
  from: number[][],
  i: number,
  j: number,
  value: number,
  k: number,
): void {
  const row = total[i];
  const back = from[i];
  if (row && back && value > (row[j] ?? IMPOSSIBLE)) {
    row[j] = value;
    back[j] = k;
  }
}

function backtrack(total: readonly number[][], from: readonly number[][]): number[] {
  const path = new Array<number>(total.length).fill(0);
  let j = argMax(total[total.length - 1] ?? []);
  for (let i = total.length - 1; i >= 0; i--) {
    path[i] = j;
    j = from[i]?.[j] ?? 0;
  }
  return path;
}

/** Penalty for skipping the unconditional segments strictly between `from` and `to`. */
function skipPenalty(
  segments: readonly TemplateSegment[],
  from: number | undefined,
  to: number,
): number {
  if (from === undefined) return 0;
  let penalty = 0;
  for (let s = from + 1; s < to; s++) {
    const segment = segments[s];
    if (segment?.produces === 'yes' && !segment.conditional && !segment.inRange) penalty += 5;
  }
  return penalty;
}

/** A segment renders twice in a row only inside a loop. */
function repeatPenalty(segment: TemplateSegment | undefined): number {
  return segment?.inRange || segment?.produces === 'maybe' ? 0 : 20;
}

function argMax(row: readonly number[]): number {
  let best = 0;
  row.forEach((value, j) => {
    if (value > (row[best] ?? IMPOSSIBLE)) best = j;
  });
  return best;
}

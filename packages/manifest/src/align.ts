import type { ObjectHead } from './stream.js';
import type { TemplateSegment } from './template.js';
import { matchesPattern, type ValuePattern } from './template-pattern.js';

const IMPOSSIBLE = -1e9;

/** How strictly names must match. */
export interface AlignOptions {
  /**
   * Accept a rendered name that contains the template's name (kustomize's namePrefix/nameSuffix
   * rewrite names after the file was written).
   */
  nameAffixes?: boolean;
}

function containsPattern(pattern: ValuePattern, value: string): boolean {
  const source = pattern.regex.source.replace(/^\^/, '').replace(/\$$/, '');
  return new RegExp(source).test(value);
}

/**
 * Scores how well a rendered object fits a template segment; {@link IMPOSSIBLE} when it cannot
 * have come from it (kind or name contradict the template).
 */
export function scoreSegment(
  object: ObjectHead,
  segment: TemplateSegment,
  options: AlignOptions = {},
): number {
  if (segment.produces === 'no') return IMPOSSIBLE;
  if (segment.produces === 'maybe' || segment.kinds.length === 0) return 1;
  const kind = segment.kinds.find((alternative) =>
    matchesPattern(alternative.pattern, object.kind),
  );
  if (!kind) return IMPOSSIBLE;
  let score = 100 + kind.pattern.literalChars;
  if (segment.name) {
    if (
      !matchesPattern(segment.name, object.name) &&
      !(options.nameAffixes && containsPattern(segment.name, object.name))
    )
      return IMPOSSIBLE;
    score += 10 + segment.name.literalChars;
  }
  if (segment.apiVersion) score += matchesPattern(segment.apiVersion, object.apiVersion) ? 10 : -50;
  return score;
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
  const scores = objects.map((object) =>
    segments.map((segment) => scoreSegment(object, segment, options)),
  );
  const path = bestMonotonePath(scores, segments);
  return path.map((segment, i) => {
    const row = scores[i] ?? [];
    if ((row[segment] ?? IMPOSSIBLE) > IMPOSSIBLE / 2) return segment;
    const best = argMax(row);
    return (row[best] ?? IMPOSSIBLE) > IMPOSSIBLE / 2 ? best : undefined;
  });
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

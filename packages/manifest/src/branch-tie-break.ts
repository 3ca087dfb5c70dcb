import { branchVerdict, type ValuesLookup } from './template-condition.js';
import { exclusiveBranches, renderSteps } from './template-scan.js';
import type { TemplateIndex } from './template.js';

/** Weight of branch consistency: far below any difference two different contents make. */
const CONSISTENCY_WEIGHT = 4e-7;
/** Weight of a condition's verdict over the known values: below consistency's. */
const VALUES_WEIGHT = 1e-7;

/**
 * Breaks the ties content leaves between an object's sites (`kind:` lines), in this order:
 *
 * 1. consistency — one render takes one arm of each `if`, so a site in the arm that the file's
 *    decided objects (`decided[k]`: the line content or name chose alone) sit in beats a site in an
 *    arm exclusive with theirs (branches inside `range` or `define` may differ between passes and
 *    do not count);
 * 2. values — a site whose conditions hold over the known values beats one whose conditions fail.
 *
 * The result for object `i` at `line` is tiny (under 1e-6), so it only decides between sites whose
 * content scores are equal; when it is equal too, the earlier site in the file stays.
 */
export function branchTieBreak(
  index: TemplateIndex,
  decided: readonly (number | undefined)[],
  lookup: ValuesLookup | undefined,
): (i: number, line: number) => number {
  const steps = decided.map((line) =>
    line === undefined ? undefined : renderSteps(index.lines[line - 1]),
  );
  const decidedCount = steps.filter((step) => step !== undefined).length;
  // Conflicts of a line with every decided object, counted once per line (not once per object).
  const conflictsByLine = new Map<number, number>();
  const conflictsOf = (line: number, own: readonly string[]): number => {
    let conflicts = conflictsByLine.get(line);
    if (conflicts === undefined) {
      conflicts = 0;
      for (const other of steps)
        if (other !== undefined && exclusiveBranches(own, other)) conflicts++;
      conflictsByLine.set(line, conflicts);
    }
    return conflicts;
  };
  return (i, line) => {
    const own = renderSteps(index.lines[line - 1]);
    const mine = steps[i];
    // Every decided object but `i` itself.
    const others = decidedCount - (mine === undefined ? 0 : 1);
    const conflicts =
      conflictsOf(line, own) - (mine !== undefined && exclusiveBranches(own, mine) ? 1 : 0);
    const consistency = others === 0 ? 0 : -conflicts / others;
    const verdict = lookup ? branchVerdict(index, line, lookup) : 0;
    return CONSISTENCY_WEIGHT * consistency + VALUES_WEIGHT * verdict;
  };
}

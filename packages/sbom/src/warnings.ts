import type { Lockfile, LockfileWarning, WarningKind } from './lockfile.js';

/** Warnings as a user reads them, and the per-entry lines behind them. */
export interface WarningSummary {
  /** One line per warning, repeats of one kind in one lockfile collapsed to one line. */
  warnings: string[];
  /** Every warning and note of every lockfile, one per line (`--verbose`). */
  details: string[];
}

const LABELS: Readonly<Record<WarningKind, string>> = {
  'no-version': 'entries have no version',
  'invalid-version': 'entries have a version that is not valid (kept without version and purl)',
  'no-hash': 'entries have no integrity hash',
  'bad-hash': 'integrity values could not be used',
  'missing-dependency': 'dependencies are not in the lockfile',
};

/** `path:line: message` (`path: message` for line 0, which names the whole file). */
export function formatWarning(path: string, warning: LockfileWarning): string {
  const where = warning.line > 0 ? `${path}:${String(warning.line)}` : path;
  return `${where}: ${warning.message}`;
}

/**
 * Collapses the warnings of some lockfiles for display. Notes (facts nobody can act on) go only
 * to `details`; a kind that occurs more than once in a lockfile becomes one line with the count
 * and the first occurrence as example; everything else is shown as it is, in lockfile order.
 */
export function summarizeWarnings(lockfiles: readonly Lockfile[]): WarningSummary {
  const summary: WarningSummary = { warnings: [], details: [] };
  for (const lockfile of lockfiles) {
    summary.details.push(...lockfile.warnings.map((w) => formatWarning(lockfile.path, w)));
    summary.warnings.push(...collapse(lockfile.path, lockfile.warnings));
  }
  return summary;
}

function collapse(path: string, warnings: readonly LockfileWarning[]): string[] {
  const actionable = warnings.filter((warning) => warning.note !== true);
  const counts = new Map<WarningKind, number>();
  for (const { kind } of actionable)
    if (kind !== undefined) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const out: string[] = [];
  const shown = new Set<WarningKind>();
  for (const warning of actionable) {
    const { kind } = warning;
    const count = kind === undefined ? 1 : (counts.get(kind) ?? 1);
    if (kind === undefined || count === 1) out.push(formatWarning(path, warning));
    else if (!shown.has(kind)) {
      shown.add(kind);
      const example = formatWarning(path, warning);
      out.push(`${path}: ${String(count)} ${LABELS[kind]}, e.g. ${example} (--verbose lists all)`);
    }
  }
  return out;
}

import {
  FINDING_CODES,
  formatLocation,
  objectKey,
  type FindingCode,
  type SourceLocation,
  type VerifyReport,
} from '@trailmark/core';

// Small formatting helpers the renderers share.

/** `kind/namespace/name` of a workload (`kind/name` when cluster-scoped). */
export const workloadKey = objectKey;

/** `path:line`, or `undefined` when there is no location. */
export function locationText(location: SourceLocation | undefined): string | undefined {
  return location === undefined ? undefined : formatLocation(location);
}

/** The finding counts of the summary, in {@link FINDING_CODES} order, zero counts left out. */
export function findingCounts(report: VerifyReport): [FindingCode, number][] {
  const counts: [FindingCode, number][] = [];
  for (const code of FINDING_CODES) {
    const count = report.summary.findings[code] ?? 0;
    if (count > 0) counts.push([code, count]);
  }
  return counts;
}

/** `UNATTESTED_IMAGE 2, DRIFT_IMAGE 1`, or `none`. */
export function findingCountsText(report: VerifyReport): string {
  const counts = findingCounts(report);
  return counts.length === 0 ? 'none' : counts.map(([code, n]) => `${code} ${n}`).join(', ');
}

/** Where the cluster view came from, in a few words: `snapshot cluster.json`, `cluster prod`. */
export function clusterText(report: VerifyReport): string {
  const { kind, context, server, file } = report.cluster;
  const where = file ?? context ?? server;
  return where === undefined ? kind : `${kind} ${where}`;
}

/** `1 workload` / `2 workloads`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Makes a value safe for a terminal: control characters (C0, DEL, C1: escape sequences, carriage
 * returns, line breaks) and bidirectional overrides become visible `\u{…}` escapes. Values come
 * from annotations and the cluster, which anyone with edit rights controls: they must not rewrite
 * the reader's screen or reorder what it shows.
 */
export function inert(value: string): string {
  return value.replace(
    /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`,
  );
}

import { ANNOTATION } from '@trailmark/core';
import type { WorkloadOrigin } from '@trailmark/core';
import { permalink, type LinkOptions } from './permalink.js';
import type { OriginMatch } from './trace-evidence.js';

/** The origin a verified record gives, with its permalink (as verify's report states it). */
export function recordOrigin(match: OriginMatch, links?: LinkOptions): WorkloadOrigin {
  const { record, predicate, evidence } = match;
  const source = record.source && { path: record.source.path, line: record.source.line };
  const uri = predicate.repository?.uri;
  const commit = predicate.repository?.commit;
  const chart = record.chart ?? predicate.chart;
  const url = permalink(uri, commit, source, links);
  return {
    verified: true,
    attestation: evidence.id,
    ...(source === undefined ? {} : { source }),
    ...(url === undefined ? {} : { sourceUrl: url }),
    ...(uri === undefined ? {} : { repository: uri }),
    ...(commit === undefined ? {} : { commit }),
    ...(chart === undefined ? {} : { chart: `${chart.name}@${chart.version}` }),
    owners: Array.isArray(record.owners) ? [...record.owners] : [],
    ...(record.introducer === undefined ? {} : { introducer: record.introducer }),
    ...(predicate.operator === undefined ? {} : { operator: predicate.operator }),
    approvers: Array.isArray(predicate.approvers) ? [...predicate.approvers] : [],
    ...(predicate.build?.runUrl === undefined ? {} : { build: predicate.build.runUrl }),
    ...(predicate.environment === undefined ? {} : { environment: predicate.environment }),
  };
}

/**
 * What `trailmark.dev/*` annotations claim (first source that has a key wins): unverified —
 * anyone who can edit the object wrote it. Undefined when none of the flat keys is there.
 */
export function annotatedOrigin(
  ...sources: readonly Record<string, string>[]
): WorkloadOrigin | undefined {
  const get = (key: string): string | undefined =>
    sources.find((source) => source[key] !== undefined)?.[key];
  const at = parseSource(get(ANNOTATION.source));
  const origin: WorkloadOrigin = {
    verified: false,
    owners: (get(ANNOTATION.owners) ?? '')
      .split(',')
      .map((owner) => owner.trim())
      .filter((owner) => owner !== ''),
    approvers: [],
    ...(at === undefined ? {} : { source: at }),
  };
  const fields: [keyof WorkloadOrigin, string][] = [
    ['sourceUrl', ANNOTATION.sourceUrl],
    ['repository', ANNOTATION.repo],
    ['commit', ANNOTATION.commit],
    ['chart', ANNOTATION.chart],
    ['build', ANNOTATION.build],
    ['environment', ANNOTATION.environment],
  ];
  let found = at !== undefined || origin.owners.length > 0;
  for (const [member, key] of fields) {
    const value = get(key);
    if (value === undefined) continue;
    (origin as unknown as Record<string, string>)[member] = value;
    found = true;
  }
  return found ? origin : undefined;
}

/** `path#L12` → `{path, line}` (the `trailmark.dev/source` form), else undefined. */
export function parseSource(text: string | undefined): { path: string; line: number } | undefined {
  const match = /^(.+)#L(\d+)$/.exec(text ?? '');
  const line = Number(match?.[2]);
  return match?.[1] !== undefined && Number.isSafeInteger(line) && line >= 1
    ? { path: match[1], line }
    : undefined;
}

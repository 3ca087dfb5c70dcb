import { ANNOTATION } from '@trailmark/core';
import type { WorkloadOrigin } from '@trailmark/core';
import type { OriginMatch } from './evidence-index.js';
import { asRecord, strings, stringAt } from './kube-read.js';

/**
 * The origin a verified record gives (with the permalink for GitHub repositories). The facts are
 * verified even when the live workload no longer holds to them (the attribution says that).
 */
export function verifiedOrigin(match: OriginMatch): WorkloadOrigin {
  const { record, predicate, evidence } = match;
  const source = record.source && { path: record.source.path, line: record.source.line };
  const uri = predicate.repository?.uri;
  const commit = predicate.repository?.commit;
  const chart = record.chart ?? predicate.chart;
  return {
    verified: true,
    attestation: evidence.id,
    ...(source === undefined ? {} : { source }),
    ...(source !== undefined &&
    uri?.startsWith('https://github.com/') === true &&
    commit !== undefined
      ? { sourceUrl: `${uri}/blob/${commit}/${source.path}#L${source.line}` }
      : {}),
    ...(uri === undefined ? {} : { repository: uri }),
    ...(commit === undefined ? {} : { commit }),
    ...(chart === undefined ? {} : { chart: `${chart.name}@${chart.version}` }),
    owners: Array.isArray(record.owners) ? record.owners : [],
    ...(record.introducer === undefined ? {} : { introducer: record.introducer }),
    ...(predicate.operator === undefined ? {} : { operator: predicate.operator }),
    approvers: Array.isArray(predicate.approvers) ? predicate.approvers : [],
    ...(predicate.build?.runUrl === undefined ? {} : { build: predicate.build.runUrl }),
    ...(predicate.environment === undefined ? {} : { environment: predicate.environment }),
  };
}

/**
 * What the live `trailmark.dev/*` annotations claim (object first, then its pod template's): an
 * unverified origin, or undefined when there are none. The `trailmark.dev/provenance` JSON, when
 * it parses, adds the introducer, operator and approvers.
 */
export function claimedOrigin(...sources: Record<string, string>[]): WorkloadOrigin | undefined {
  if (sources.every((source) => Object.keys(source).length === 0)) return undefined;
  const get = (key: string): string | undefined =>
    sources.find((source) => source[key] !== undefined)?.[key];
  const location = /^(.+)#L(\d+)$/.exec(get(ANNOTATION.source) ?? '');
  const origin: WorkloadOrigin = {
    verified: false,
    owners: (get(ANNOTATION.owners) ?? '').split(',').filter((owner) => owner !== ''),
    approvers: [],
    ...provenanceOf(get(ANNOTATION.provenance)),
  };
  const line = Number(location?.[2]);
  if (location?.[1] !== undefined && Number.isSafeInteger(line) && line >= 1)
    origin.source = { path: location[1], line };
  const fields: [keyof WorkloadOrigin, string][] = [
    ['sourceUrl', ANNOTATION.sourceUrl],
    ['repository', ANNOTATION.repo],
    ['commit', ANNOTATION.commit],
    ['chart', ANNOTATION.chart],
    ['build', ANNOTATION.build],
    ['environment', ANNOTATION.environment],
  ];
  for (const [member, key] of fields) {
    const value = get(key);
    if (value !== undefined) (origin as unknown as Record<string, string>)[member] = value;
  }
  return origin;
}

// Introducer, operator and approvers from the provenance JSON, when it parses and has them.
function provenanceOf(
  text: string | undefined,
): Partial<Pick<WorkloadOrigin, 'introducer' | 'operator' | 'approvers'>> {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const introducer = claimedIntroducer(asRecord(asRecord(parsed)?.introducer));
  const operator = stringAt(parsed, ['operator', 'id']);
  return {
    ...(introducer === undefined ? {} : { introducer }),
    ...(operator === undefined || operator === '' ? {} : { operator: { id: operator } }),
    approvers: strings(asRecord(parsed)?.approvers),
  };
}

/**
 * The introducer an annotation claims, reduced to the members and shapes the report allows:
 * anyone who can annotate controls this JSON, and it must not be able to break the report.
 */
function claimedIntroducer(
  value: Record<string, unknown> | undefined,
): WorkloadOrigin['introducer'] {
  const via = value?.via;
  if (via !== 'blame' && via !== 'last-commit' && via !== 'uncommitted') return undefined;
  const introducer: NonNullable<WorkloadOrigin['introducer']> = { via };
  if (typeof value?.name === 'string') introducer.name = value.name;
  if (typeof value?.email === 'string') introducer.email = value.email;
  if (typeof value?.commit === 'string' && /^[0-9a-f]{40,64}$/.test(value.commit))
    introducer.commit = value.commit;
  if (typeof value?.date === 'string' && isDateTime(value.date)) introducer.date = value.date;
  return introducer;
}

// RFC 3339 date-time, as the report schema's `format: date-time` checks it.
function isDateTime(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}

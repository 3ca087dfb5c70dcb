import type { Finding, WorkloadReport } from '@trailmark/core';
import { locationText } from './format.js';

/**
 * `properties` of a PolicyReport result (a string map in the CRD): where the workload or finding
 * comes from (`source` file:line, `sourceUrl`), who owns it, and the finding's own facts.
 */
export function resultProperties(
  workload: WorkloadReport,
  finding?: Finding,
): Record<string, string> {
  const origin = workload.origin;
  const props: Record<string, string> = { attribution: workload.attribution };
  const source = finding?.source ?? origin?.source;
  const sourceUrl = finding?.source === undefined ? origin?.sourceUrl : finding.sourceUrl;
  if (source !== undefined) props.source = locationText(source) ?? '';
  if (sourceUrl !== undefined) props.sourceUrl = sourceUrl;
  if (origin !== undefined && origin.owners.length > 0) props.owners = origin.owners.join(',');
  if (origin?.commit !== undefined) props.commit = origin.commit;
  if (finding === undefined) return props;
  for (const key of ['pod', 'container', 'image', 'digest'] as const) {
    const value = finding[key];
    if (value !== undefined) props[key] = value;
  }
  for (const [key, value] of Object.entries(finding.details ?? {})) {
    props[`detail.${key}`] = typeof value === 'string' ? value : value.join(',');
  }
  if (finding.exception !== undefined) {
    const { owner, reason, expires, expired } = finding.exception;
    props['exception.owner'] = owner;
    props['exception.reason'] = reason;
    props['exception.expires'] = expires;
    props['exception.expired'] = String(expired);
  }
  return props;
}

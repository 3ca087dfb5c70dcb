import type { Finding, SourceLocation, VerifyReport, WorkloadReport } from '@trailmark/core';
import { workloadKey } from './format.js';
import type { SarifLocation } from './sarif-types.js';

/** Which place a SARIF result points at (`properties.location` of the result). */
export type SarifPlace = 'finding' | 'workload' | 'policy' | 'cluster-file' | 'none';

/**
 * Where a finding shows in code scanning. Code scanning needs a file and line, and not every
 * finding has one, so: the finding's own template line; else the workload's template line (the
 * origin record or its claimed annotation); else line 1 of the policy file that made the finding
 * count (where an exception would go); else line 1 of the snapshot or `kubectl` list the run read;
 * else no file at all (a live cluster under the default policy) — only the logical location, the
 * workload as `kind/namespace/name`, which every result carries anyway.
 */
export function sarifLocation(
  report: VerifyReport,
  workload: WorkloadReport,
  finding: Finding,
): { location: SarifLocation; place: SarifPlace } {
  const [place, at] = placeOf(report, workload, finding);
  const logicalLocations = [
    { name: workload.name, fullyQualifiedName: workloadKey(workload), kind: 'resource' },
  ];
  if (at === undefined) return { location: { logicalLocations }, place };
  return {
    location: {
      physicalLocation: {
        artifactLocation: { uri: toUri(at.path) },
        region: { startLine: Math.max(1, at.line) },
      },
      logicalLocations,
    },
    place,
  };
}

function placeOf(
  report: VerifyReport,
  workload: WorkloadReport,
  finding: Finding,
): [SarifPlace, SourceLocation | undefined] {
  if (finding.source !== undefined) return ['finding', finding.source];
  if (workload.origin?.source !== undefined) return ['workload', workload.origin.source];
  if (report.policy.file !== undefined) return ['policy', { path: report.policy.file, line: 1 }];
  if (report.cluster.file !== undefined)
    return ['cluster-file', { path: report.cluster.file, line: 1 }];
  return ['none', undefined];
}

// A repo-relative POSIX path as a relative URI reference: spaces, `#`, `?` and `%` escaped.
function toUri(path: string): string {
  return encodeURI(path.replace(/\\/g, '/')).replace(/[#?]/g, (c) => encodeURIComponent(c));
}

import {
  SEVERITIES,
  compareCodeUnits,
  objectKey,
  type Finding,
  type Severity,
  type WorkloadReport,
} from '@trailmark/core';

// Worst first, everywhere: failing findings, then severity, then name. The verify package already
// orders its report this way; the renderers sort again so that any report (hand-made, merged,
// read back from JSON) renders the same way, and so that ties break on names, never on input order.

/** 0 for `critical` … 4 for `info`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Findings worst first: failing, then severity, then code, container, pod and message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Workloads worst first: more failing findings, then the worst severity, then `kind/ns/name`. */
export function sortWorkloads(workloads: readonly WorkloadReport[]): WorkloadReport[] {
  return [...workloads].sort(
    (a, b) =>
      failingCount(b) - failingCount(a) ||
      worstSeverity(a) - worstSeverity(b) ||
      compareCodeUnits(objectKey(a), objectKey(b)),
  );
}

/** How many findings of a workload fail the run. */
export function failingCount(workload: WorkloadReport): number {
  return workload.findings.filter((finding) => finding.fails).length;
}

/** The rank of the worst finding of a workload, or one past `info` when it has none. */
export function worstSeverity(workload: WorkloadReport): number {
  return Math.min(SEVERITIES.length, ...workload.findings.map((f) => severityRank(f.severity)));
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.fails) - Number(a.fails) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareCodeUnits(a.code, b.code) ||
    compareCodeUnits(a.container ?? '', b.container ?? '') ||
    compareCodeUnits(a.pod ?? '', b.pod ?? '') ||
    compareCodeUnits(a.message, b.message)
  );
}

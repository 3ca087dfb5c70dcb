import {
  TrailmarkError,
  compareCodeUnits,
  type Finding,
  type Severity,
  type VerifyReport,
  type WorkloadReport,
} from '@trailmark/core';
import { workloadKey } from './format.js';
import { sortFindings, sortWorkloads } from './order.js';
import { resultProperties } from './policy-report-properties.js';

/** `result` of a PolicyReport result (the CRD also allows `error`, which verify never reports). */
export type PolicyResultValue = 'pass' | 'fail' | 'warn' | 'skip';

/** A `core/v1` ObjectReference to the workload. */
export interface PolicyResource {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

/** One entry of `results[]` (`wgpolicyk8s.io/v1alpha2`). */
export interface PolicyReportResult {
  policy: 'trailmark-verify';
  rule: string;
  result: PolicyResultValue;
  severity?: Severity;
  category: string;
  scored: boolean;
  source: 'trailmark';
  message: string;
  resources: PolicyResource[];
  timestamp: { seconds: number; nanos: number };
  properties: Record<string, string>;
}

/** A `PolicyReport` (one per namespace) or the `ClusterPolicyReport`. */
export interface PolicyReportObject {
  apiVersion: 'wgpolicyk8s.io/v1alpha2';
  kind: 'PolicyReport' | 'ClusterPolicyReport';
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  summary: Record<'pass' | 'fail' | 'warn' | 'error' | 'skip', number>;
  results: PolicyReportResult[];
}

/** What {@link renderPolicyReport} writes: a `v1` `List`, which `kubectl apply -f` takes whole. */
export interface PolicyReportList {
  apiVersion: 'v1';
  kind: 'List';
  items: PolicyReportObject[];
}

/** `metadata.name` of every report trailmark writes (one per namespace, one cluster-wide). */
export const POLICY_REPORT_NAME = 'trailmark-verify';

/**
 * The report as Kubernetes policy reports, so Policy Reporter and Kyverno's UI show it: one
 * `PolicyReport` per namespace with workloads, and one `ClusterPolicyReport` for cluster-scoped
 * workloads — always written, even empty, so that applying a new run replaces the results of the
 * last one. One result per finding (`fail` when it fails the run, `skip` when a live exception
 * covers it, else `warn`) and one `pass` per workload without findings.
 */
export function toPolicyReports(report: VerifyReport): PolicyReportList {
  const timestamp = timestampOf(report.generatedAt);
  const byNamespace = new Map<string, PolicyReportResult[]>();
  const cluster: PolicyReportResult[] = [];
  for (const workload of sortWorkloads(report.workloads)) {
    const results = workloadResults(workload, timestamp);
    if (workload.namespace === undefined || workload.namespace === '') cluster.push(...results);
    else
      byNamespace.set(workload.namespace, [
        ...(byNamespace.get(workload.namespace) ?? []),
        ...results,
      ]);
  }
  const namespaces = [...byNamespace.keys()].sort(compareCodeUnits);
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...namespaces.map((ns) => reportObject('PolicyReport', byNamespace.get(ns) ?? [], ns)),
      reportObject('ClusterPolicyReport', cluster),
    ],
  };
}

/** {@link toPolicyReports} as 2-space JSON (valid YAML too) with a trailing newline. */
export function renderPolicyReport(report: VerifyReport): string {
  return `${JSON.stringify(toPolicyReports(report), null, 2)}\n`;
}

function reportObject(
  kind: PolicyReportObject['kind'],
  results: PolicyReportResult[],
  namespace?: string,
): PolicyReportObject {
  const summary = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
  for (const result of results) summary[result.result] += 1;
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind,
    metadata: {
      name: POLICY_REPORT_NAME,
      ...(namespace === undefined ? {} : { namespace }),
      labels: { 'app.kubernetes.io/managed-by': 'trailmark' },
    },
    summary,
    results,
  };
}

function workloadResults(
  workload: WorkloadReport,
  timestamp: PolicyReportResult['timestamp'],
): PolicyReportResult[] {
  const base = {
    policy: POLICY_REPORT_NAME,
    category: 'Supply chain',
    scored: true,
    source: 'trailmark',
    resources: [resourceOf(workload)],
    timestamp,
  } satisfies Partial<PolicyReportResult>;
  if (workload.findings.length === 0) {
    const verified = workload.attribution === 'verified';
    return [
      {
        ...base,
        rule: verified ? 'ATTRIBUTED' : 'NO_FINDINGS',
        result: 'pass',
        message: verified
          ? `${workloadKey(workload)}: attributed to a verified origin, every image attested`
          : `${workloadKey(workload)}: no findings (attribution: ${workload.attribution})`,
        properties: resultProperties(workload),
      },
    ];
  }
  return sortFindings(workload.findings).map((finding) => ({
    ...base,
    rule: finding.code,
    result: resultOf(finding),
    severity: finding.severity,
    message: finding.message,
    properties: resultProperties(workload, finding),
  }));
}

function resultOf(finding: Finding): PolicyResultValue {
  if (finding.fails) return 'fail';
  return finding.exception !== undefined && !finding.exception.expired ? 'skip' : 'warn';
}

function resourceOf(workload: WorkloadReport): PolicyResource {
  const { apiVersion, kind, namespace, name, uid } = workload;
  return {
    ...(apiVersion === undefined ? {} : { apiVersion }),
    kind,
    ...(namespace === undefined || namespace === '' ? {} : { namespace }),
    name,
    ...(uid === undefined ? {} : { uid }),
  };
}

// RFC 3339 → {seconds, nanos}, keeping the fraction exactly (Date has only milliseconds).
function timestampOf(rfc3339: string): PolicyReportResult['timestamp'] {
  const millis = Date.parse(rfc3339);
  if (Number.isNaN(millis)) {
    throw new TrailmarkError(
      'INPUT_INVALID',
      `report generatedAt ${JSON.stringify(rfc3339)} is not an RFC 3339 time`,
    );
  }
  const fraction = /\.(\d+)/.exec(rfc3339)?.[1] ?? '';
  return { seconds: Math.floor(millis / 1000), nanos: Number(fraction.slice(0, 9).padEnd(9, '0')) };
}

import type {
  AttestationEvidence,
  ClusterSnapshot,
  Incident,
  NormalizedAlert,
  ObjectRef,
  WorkloadReport,
} from '@trailmark/core';
import {
  ClusterView,
  buildIncident,
  resolveAlert,
  type IncidentMemo,
  type TraceEvidence,
} from '@trailmark/trace';
import { EvidenceIndex, evaluate, type VerifyPolicy } from '@trailmark/verify';

/** What a tracer is built from: one cluster view and the evidence for it (verify's inputs). */
export interface TracerInputs {
  snapshot: ClusterSnapshot;
  evidence: readonly AttestationEvidence[];
  policy: VerifyPolicy;
  digestAliases?: ReadonlyMap<string, string>;
  /** The time the view was read (exception expiry; incidents' `generatedAt` comes from `now`). */
  now: Date;
}

/** Turns one alert into an incident against a prepared view. */
export type Tracer = (alert: NormalizedAlert, now?: Date) => Incident;

/**
 * Builds the per-run indexes once — verify's report for every workload, origin records by object
 * and label, the cluster view — so each alert is then a few map lookups (serve keeps one tracer
 * per view; `trailmark trace` builds one per run). Incidents of one tracer share the parts that
 * describe the same workload and pod: treat them as read-only.
 */
export function createTracer(inputs: TracerInputs): Tracer {
  const report = evaluate({
    snapshot: inputs.snapshot,
    evidence: inputs.evidence,
    policy: inputs.policy,
    now: inputs.now,
    ...(inputs.digestAliases === undefined ? {} : { digestAliases: inputs.digestAliases }),
  });
  const index = new EvidenceIndex(inputs.evidence, inputs.digestAliases);
  const reports = new Map<string, WorkloadReport>();
  for (const workload of report.workloads) reports.set(refKey(workload), workload);
  const evidence: TraceEvidence = {
    recordsFor: (ref) => index.recordsFor(ref),
    recordsWithLabel: (label) => index.recordsWithLabel(label),
    workloadReport: (ref) => reports.get(refKey(ref)),
    evidence: inputs.evidence,
  };
  const view = new ClusterView(inputs.snapshot);
  // What an incident says about a workload and pod is the same for every alert on it in this view.
  const memo: IncidentMemo = new Map();
  return (alert, now = inputs.now) =>
    buildIncident({
      alert,
      resolution: resolveAlert(alert, view, evidence),
      view,
      evidence,
      now,
      memo,
    });
}

function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

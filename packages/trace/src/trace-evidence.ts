import type {
  AttestationEvidence,
  DeploymentOrigin,
  ObjectRef,
  OriginObject,
  WorkloadReport,
} from '@trailmark/core';

// What trace needs from verify, as structural types: trace never imports @trailmark/verify
// (domain packages never import each other); the facade builds these from verify's results.

/** One object's record in a verified deployment-origin predicate (verify's `OriginMatch`). */
export interface OriginMatch {
  record: OriginObject;
  predicate: DeploymentOrigin;
  evidence: AttestationEvidence;
}

/** What the facade passes from verify: origin records by object, the verify report per workload. */
export interface TraceEvidence {
  /** Verified deployment-origin records naming an object (verify's EvidenceIndex.recordsFor). */
  recordsFor(ref: ObjectRef): readonly OriginMatch[];
  /** Records whose `origin` label value is `label` (EvidenceIndex.recordsWithLabel). */
  recordsWithLabel(label: string): readonly OriginMatch[];
  /** verify's WorkloadReport for a top workload (from `evaluate`), when in scope. */
  workloadReport(ref: ObjectRef): WorkloadReport | undefined;
  /** Every bundle considered (for `incident.evidence`). */
  evidence: readonly AttestationEvidence[];
}

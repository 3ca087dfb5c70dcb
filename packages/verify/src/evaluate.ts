import { SEVERITIES, VERIFY_REPORT_SCHEMA, compareCodeUnits } from '@trailmark/core';
import type {
  AttestationEvidence,
  ClusterSnapshot,
  FindingCode,
  VerifyReport,
  WorkloadReport,
} from '@trailmark/core';
import { CompiledPolicy } from './apply-policy.js';
import { EvidenceIndex } from './evidence-index.js';
import { buildInventory, displayKey } from './inventory.js';
import type { VerifyPolicy } from './policy-types.js';
import { RbacIndex } from './rbac.js';
import { checkWorkload } from './workload-check.js';

/** Input of {@link evaluate}. */
export interface EvaluateInput {
  snapshot: ClusterSnapshot;
  /** Every bundle considered, each verified once (`verifyAttestations`). */
  evidence: readonly AttestationEvidence[];
  policy: VerifyPolicy;
  /** The time of the run (exception expiry, `generatedAt`). */
  now: Date;
  /** Platform digest ↔ index digest, both ways (`sha256:<hex>` → `sha256:<hex>`). */
  digestAliases?: ReadonlyMap<string, string>;
  /** The policy file, for the report (defaults to `policy.file`). */
  policyFile?: string;
}

/**
 * The verify verdict for a cluster view: every in-scope workload checked against the evidence
 * (design.md §5), findings failing per the policy and its exceptions, workloads worst first.
 * Pure; linear in objects and evidence (indexes are built once).
 */
export function evaluate(input: EvaluateInput): VerifyReport {
  const policy = new CompiledPolicy(input.policy, input.now);
  const index = new EvidenceIndex(input.evidence, input.digestAliases);
  const rbac = new RbacIndex(input.snapshot.objects);
  const inventory = buildInventory(input.snapshot);
  const context = { index, rbac, policy: input.policy };
  const workloads: WorkloadReport[] = [];
  let pods = 0;
  let containers = 0;
  for (const workload of inventory.workloads) {
    if (!policy.inScope(workload.ref.namespace)) continue;
    pods += workload.pods.length;
    containers += workload.containers.length;
    const report = checkWorkload(workload, context);
    policy.apply(report);
    workloads.push(report);
  }
  workloads.sort(compareWorkloads);
  const file = input.policyFile ?? input.policy.file;
  const failing = workloads.reduce((sum, w) => sum + w.findings.filter((f) => f.fails).length, 0);
  return {
    schema: VERIFY_REPORT_SCHEMA,
    generatedAt: input.now.toISOString(),
    cluster: {
      ...input.snapshot.source,
      ...(input.snapshot.capturedAt === undefined ? {} : { capturedAt: input.snapshot.capturedAt }),
    },
    policy: { ...(file === undefined ? {} : { file }), failOn: [...input.policy.failOn] },
    verdict: failing > 0 ? 'fail' : 'pass',
    summary: {
      workloads: workloads.length,
      attributed: workloads.filter((w) => w.attribution === 'verified').length,
      risky: workloads.filter((w) => w.risky).length,
      pods,
      containers,
      findings: countCodes(workloads),
      failing,
      attestations: {
        total: input.evidence.length,
        verified: input.evidence.filter((e) => e.verified).length,
        rejected: input.evidence.filter((e) => !e.verified).length,
      },
    },
    workloads,
    attestations: input.evidence.map(withoutPredicate),
  };
}

function withoutPredicate(evidence: AttestationEvidence): Omit<AttestationEvidence, 'predicate'> {
  const rest: Omit<AttestationEvidence, 'predicate'> & { predicate?: unknown } = { ...evidence };
  delete rest.predicate;
  return rest;
}

function countCodes(workloads: readonly WorkloadReport[]): Partial<Record<FindingCode, number>> {
  const counts: Partial<Record<FindingCode, number>> = {};
  for (const workload of workloads)
    for (const item of workload.findings) counts[item.code] = (counts[item.code] ?? 0) + 1;
  return counts;
}

// Worst first: failing findings, then the worst severity, then risky, then fewer attributed, then name.
function compareWorkloads(a: WorkloadReport, b: WorkloadReport): number {
  return (
    failingCount(b) - failingCount(a) ||
    worstSeverity(a) - worstSeverity(b) ||
    Number(b.risky) - Number(a.risky) ||
    compareCodeUnits(displayKey(a), displayKey(b))
  );
}

function failingCount(workload: WorkloadReport): number {
  return workload.findings.filter((item) => item.fails).length;
}

function worstSeverity(workload: WorkloadReport): number {
  let worst: number = SEVERITIES.length;
  for (const item of workload.findings) worst = Math.min(worst, SEVERITIES.indexOf(item.severity));
  return worst;
}

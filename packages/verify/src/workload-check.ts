import { ORIGIN_LABEL, annotationsDigest, containerImages, podSpecOf } from '@trailmark/core';
import type { Finding, RiskFact, WorkloadReport } from '@trailmark/core';
import {
  checkAnnotations,
  hasNoProvenance,
  liveAnnotations,
  trailmarkOnly,
} from './annotation-check.js';
import { claimedOrigin, verifiedOrigin } from './claimed-origin.js';
import { checkDrift } from './drift.js';
import type { EvidenceIndex, OriginMatch } from './evidence-index.js';
import { finding } from './finding.js';
import { checkImages } from './image-check.js';
import { digestOfImageRef } from './image-id.js';
import { displayKey, type InventoryWorkload } from './inventory.js';
import { stringMap } from './kube-read.js';
import { chooseRecord } from './origin-choice.js';
import type { VerifyPolicy } from './policy-types.js';
import type { RbacIndex } from './rbac.js';
import { workloadRisks } from './workload-risk.js';

/** What one workload's checks need from the run. */
export interface CheckContext {
  index: EvidenceIndex;
  rbac: RbacIndex;
  policy: VerifyPolicy;
}

/**
 * Every check of one workload (design.md §5): its origin record, annotation digests, images,
 * drift and risk; its attribution; RISKY_UNATTRIBUTED when it is risky and not `verified`.
 * `fails` is left to the policy.
 */
export function checkWorkload(workload: InventoryWorkload, context: CheckContext): WorkloadReport {
  const name = displayKey(workload.ref);
  const live = liveAnnotations(workload.object);
  const matches = context.index.recordsFor(workload.ref);
  const current = chooseRecord(matches, runningDigests(workload), annotationsDigest(live.object));
  const findings: Finding[] = [];
  if (current === undefined) findings.push(noRecord(workload, live, context.index));
  else {
    findings.push(...checkAnnotations(workload, live, current, matches));
    const label = workload.object.metadata.labels?.[ORIGIN_LABEL];
    if (label !== undefined && label !== current.record.origin)
      findings.push(labelMismatch(name, label, current));
  }
  const images = checkImages(workload, context.index, current, context.policy.requiredPredicates);
  findings.push(...images.findings);
  // Drift is a change after a deploy: an object no pipeline deployed (no record, no provenance
  // annotations) has nothing to drift from — its findings are MISSING_PROVENANCE and the rest.
  if (current !== undefined || !hasNoProvenance(workload, live))
    findings.push(...checkDrift(workload, current, context.policy.deployers));
  const risks = workloadRisks(workload, current?.record, context.rbac);
  const risky = risks.some((fact) => fact.risky);
  const verified =
    current !== undefined &&
    images.allAttested &&
    !findings.some(
      (item) => item.code === 'ANNOTATIONS_MISMATCH' || item.code === 'DRIFT_MANUAL_CHANGE',
    );
  // Only an unverified workload needs what its annotations claim (parsing it costs per workload).
  const claimed = verified
    ? undefined
    : claimedOrigin(
        live.object,
        live.template ?? {},
        ...workload.pods.slice(0, 1).map(podAnnotations),
      );
  const attribution = verified ? 'verified' : claimed !== undefined ? 'claimed' : 'none';
  if (risky && attribution !== 'verified')
    findings.push(
      riskyUnattributed(
        name,
        risks,
        attribution,
        findings,
        current?.record.source ?? claimed?.source,
      ),
    );
  const origin = current === undefined ? claimed : verifiedOrigin(current);
  return {
    ...workload.ref,
    ...(workload.uid === undefined ? {} : { uid: workload.uid }),
    attribution,
    risky,
    risks,
    ...(origin === undefined ? {} : { origin }),
    containers: images.containers,
    findings,
  };
}

// Container name → running digest (from pods; for a workload without pods, its template's pins).
function runningDigests(workload: InventoryWorkload): Map<string, string> {
  const running = new Map<string, string>();
  for (const container of workload.containers)
    if (container.digest !== undefined) running.set(container.name, container.digest);
  if (workload.pods.length > 0) return running;
  const spec = podSpecOf(workload.object.kind, workload.object);
  for (const { container, image } of spec === undefined ? [] : containerImages(spec)) {
    const digest = digestOfImageRef(image);
    if (digest !== undefined) running.set(container, digest);
  }
  return running;
}

function podAnnotations(pod: InventoryWorkload['pods'][number]): Record<string, string> {
  return trailmarkOnly(stringMap(pod.metadata.annotations));
}

function noRecord(
  workload: InventoryWorkload,
  live: ReturnType<typeof liveAnnotations>,
  index: EvidenceIndex,
): Finding {
  const name = displayKey(workload.ref);
  const owner =
    workload.missingOwner === undefined
      ? ''
      : ` (its owner ${workload.missingOwner.kind}/${workload.missingOwner.name} is not in the snapshot)`;
  if (hasNoProvenance(workload, live))
    return finding(
      'MISSING_PROVENANCE',
      `${name}: no trailmark.dev/* annotations on the object, its pod template or its pods${owner}`,
    );
  const claimed = claimedOrigin(live.object, live.template ?? {});
  const label = workload.object.metadata.labels?.[ORIGIN_LABEL];
  const byLabel = label === undefined ? [] : index.recordsWithLabel(label);
  const other =
    byLabel[0] === undefined
      ? ''
      : `; its origin label ${label ?? ''} names ${byLabel[0].record.kind}/${byLabel[0].record.namespace ?? ''}/${byLabel[0].record.name} in a record`;
  return finding(
    'NO_ORIGIN_RECORD',
    `${name}: no verified deployment-origin record names it${owner}${other}`,
    {
      ...(claimed?.source === undefined ? {} : { source: claimed.source }),
      ...(claimed?.sourceUrl === undefined ? {} : { sourceUrl: claimed.sourceUrl }),
    },
  );
}

function labelMismatch(name: string, label: string, current: OriginMatch): Finding {
  return finding(
    'ANNOTATIONS_MISMATCH',
    `${name}: label ${ORIGIN_LABEL}=${label} differs from the signed record's ${current.record.origin}`,
    {
      ...(current.record.source === undefined
        ? {}
        : { source: { path: current.record.source.path, line: current.record.source.line } }),
      details: {
        on: 'origin label',
        expected: current.record.origin,
        actual: label,
        attestation: current.evidence.id,
      },
    },
  );
}

function riskyUnattributed(
  name: string,
  risks: readonly RiskFact[],
  attribution: 'claimed' | 'none',
  findings: readonly Finding[],
  fallback: { path: string; line: number } | undefined,
): Finding {
  const risky = risks.filter((fact) => fact.risky);
  const what = risky
    .slice(0, 3)
    .map((fact) => `${fact.detail}${fact.container === undefined ? '' : ` (${fact.container})`}`)
    .join('; ');
  const more = risky.length > 3 ? ` and ${risky.length - 3} more` : '';
  const why = [...new Set(findings.map((item) => item.code))].join(', ') || 'no verified origin';
  const at = risky.find((fact) => fact.at !== undefined)?.at ?? fallback;
  return finding(
    'RISKY_UNATTRIBUTED',
    `${name}: risky (${what}${more}) but ${attribution === 'claimed' ? 'only claimed by annotations' : 'not attributed'}: ${why}`,
    {
      ...(at === undefined ? {} : { source: { path: at.path, line: at.line } }),
      details: { risks: risky.map((fact) => fact.kind), attribution, reasons: why.split(', ') },
    },
  );
}

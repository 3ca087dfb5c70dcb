import { objectKey } from '@trailmark/core';
import type {
  Applier,
  Deployer,
  Finding,
  IncidentFact,
  NormalizedAlert,
  ObjectRef,
  RiskFact,
} from '@trailmark/core';
import { managedFieldsAppliers } from './appliers.js';
import { deployerOf } from './deployer.js';
import { incidentFacts } from './facts.js';
import { objectParts, workloadParts, type IncidentParts } from './incident-parts.js';
import { partsMemoOf } from './parts-memo.js';
import type { LinkOptions } from './permalink.js';
import type { Resolution } from './resolution.js';
import { subjectOrigin, type SubjectOrigin } from './subject-origin.js';
import type { TraceEvidence } from './trace-evidence.js';
import { usedEvidence, type PlainEvidence } from './used-evidence.js';
import type { ClusterView } from './view.js';

/** What {@link subjectParts} reads: the alert, what it resolved to, the view and evidence. */
export interface SubjectInput {
  alert: NormalizedAlert;
  resolution: Resolution;
  view: ClusterView;
  evidence: TraceEvidence;
  links?: LinkOptions;
  memo?: IncidentMemo;
}

/**
 * What an incident says about its subject, whatever the alert: the same for every alert on one
 * workload/object and pod within one cluster view, so {@link IncidentMemo} keeps it. The members
 * that do not depend on the pod are shared by the parts of every pod of the subject.
 */
export interface SubjectParts {
  found: SubjectOrigin;
  parts: IncidentParts;
  findings: Finding[];
  /** Hand changes known from the cluster view (the alert may add its audit user). */
  appliers: Applier[];
  /** verify's risks of the workload. */
  risks: RiskFact[];
  deployer: Deployer | undefined;
  facts: IncidentFact[];
  evidence: PlainEvidence[];
  notify: string[];
  /** Fingerprints of the alerts' rules on this subject, by rule (filled as alerts come). */
  fingerprints: Map<string, string>;
}

/**
 * A memo of {@link SubjectParts} by subject and pod, valid for ONE cluster view and evidence set:
 * create a new one with each view (`createTracer` does) and never share it across views. Incidents
 * built with it share these parts (treat incidents as read-only).
 */
export type IncidentMemo = Map<string, SubjectParts>;

/** The pod-independent members of {@link SubjectParts}. */
type Shared = Pick<
  SubjectParts,
  'found' | 'findings' | 'appliers' | 'risks' | 'deployer' | 'notify' | 'fingerprints'
>;

/** Per memo: the pod-independent parts by subject (see {@link subjectParts}). */
const SHARED = new WeakMap<IncidentMemo, Map<string, Shared>>();

/** The parts of an incident about `subject` (remembered in `input.memo` when given). */
export function subjectParts(input: SubjectInput, subject: ObjectRef | undefined): SubjectParts {
  const { resolution, memo } = input;
  if (memo === undefined || subject === undefined) return computeParts(input, subject, undefined);
  const subjectKey = objectKey(subject);
  const key = `${subjectKey}|${resolution.pod ?? ''}|${resolution.via ?? ''}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let shared = SHARED.get(memo);
  if (shared === undefined) {
    shared = new Map();
    SHARED.set(memo, shared);
  }
  const computed = computeParts(input, subject, shared.get(subjectKey));
  // The origin depends on the pod only when it comes from the pod's annotations (no report or
  // verified record): then it stays with this pod's parts.
  if (computed.found.report !== undefined || computed.found.match !== undefined)
    shared.set(subjectKey, computed);
  memo.set(key, computed);
  return computed;
}

function computeParts(
  input: SubjectInput,
  subject: ObjectRef | undefined,
  known: Shared | undefined,
): SubjectParts {
  const { alert, resolution, view, evidence, links } = input;
  const memo = partsMemoOf(input.memo);
  const resolved = resolution.status === 'resolved';
  // 1. The live pod the alert names.
  const podNamespace = resolution.workload?.namespace ?? alert.namespace;
  const pod = resolution.pod === undefined ? undefined : view.pod(podNamespace, resolution.pod);
  // 2. Its origin: verify's verdict, a verified record, or what annotations claim; who deploys
  // it, whom to tell.
  const shared = known ?? sharedParts(subjectOrigin(subject, pod, view, evidence, links));
  const { found } = shared;
  const used = new Set<string>();
  if (found.origin?.verified === true && found.origin.attestation !== undefined)
    used.add(found.origin.attestation);
  // 3. Containers, Secrets and service account of the workload, or the object's own.
  const context = {
    view,
    evidence,
    used,
    ...(links === undefined ? {} : { links }),
    ...(memo === undefined ? {} : { memo }),
  };
  const parts: IncidentParts =
    resolved && resolution.workload !== undefined
      ? workloadParts(resolution.workload, pod, resolution.pod, found, context)
      : resolved && resolution.object !== undefined
        ? objectParts(resolution.object, resolution.usedBy, context)
        : { images: [], secrets: [] };
  for (const image of parts.images) for (const id of image.attestations) used.add(id);
  return {
    found,
    parts,
    findings: shared.findings,
    risks: shared.risks,
    appliers: shared.appliers,
    deployer: shared.deployer,
    facts: incidentFacts(found.origin, parts.images),
    evidence: usedEvidence(evidence.evidence, used),
    notify: shared.notify,
    fingerprints: shared.fingerprints,
  };
}

// What the origin alone decides: findings, risks and hand changes, the deployer, whom to notify.
function sharedParts(found: SubjectOrigin): Shared {
  const deployer = deployerOf(found.match);
  const findings = found.report?.findings ?? [];
  return {
    found,
    findings,
    appliers: managedFieldsAppliers(findings, found.live, found.origin !== undefined),
    risks: found.report?.risks ?? [],
    deployer,
    notify: [...new Set([...(found.origin?.owners ?? []), ...(deployer?.owners ?? [])])],
    fingerprints: new Map(),
  };
}

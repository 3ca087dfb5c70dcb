import { INCIDENT_SCHEMA, objectKey } from '@trailmark/core';
import type {
  Applier,
  AttestationEvidence,
  Deployer,
  Finding,
  Incident,
  IncidentFact,
  NormalizedAlert,
  ObjectRef,
  RiskFact,
} from '@trailmark/core';
import { alertTarget } from './alert-target.js';
import { incidentAppliers, managedFieldsAppliers } from './appliers.js';
import { deployerOf } from './deployer.js';
import { incidentFacts } from './facts.js';
import { incidentFingerprint } from './fingerprint.js';
import { objectParts, workloadParts, type IncidentParts } from './incident-parts.js';
import type { LinkOptions } from './permalink.js';
import type { Resolution } from './resolution.js';
import { subjectOrigin, type SubjectOrigin } from './subject-origin.js';
import type { TraceEvidence } from './trace-evidence.js';
import { UsedEvidence, type PlainEvidence } from './used-evidence.js';
import type { ClusterView } from './view.js';

/** Input of {@link buildIncident}. */
export interface BuildIncidentInput {
  alert: NormalizedAlert;
  /** What {@link resolveAlert} made of the alert. */
  resolution: Resolution;
  view: ClusterView;
  evidence: TraceEvidence;
  /** The time of the run (`generatedAt`). */
  now: Date;
  links?: LinkOptions;
  /** Reuse what is known of a subject across alerts of one view (see {@link IncidentMemo}). */
  memo?: IncidentMemo;
}

/**
 * The incident record of design.md §5 for one resolved (or unresolved) alert: the origin and its
 * attribution (verify's verdict for the workload), which facts a verified bundle backs, who
 * changed the live object since, the images and their builds, each Secret's reference line and
 * origin, the service account and its bindings, verify's risks and findings, the deployer when
 * someone else owns the template, whom to notify, and the dedupe fingerprint. Pure; an
 * unresolved alert is an incident too (attribution `none`), never a throw.
 */
export function buildIncident(input: BuildIncidentInput): Incident {
  const { alert, resolution } = input;
  const resolved = resolution.status === 'resolved';
  const subject = resolved ? (resolution.workload ?? resolution.object) : undefined;
  const about = subjectParts(input, subject);
  // Who changed it: what the cluster view says, and the audit user of an alert that changes it.
  const appliers = incidentAppliers(
    about.appliers,
    alert,
    resolution.workload,
    resolution.object,
  ) as Applier[];
  const commit = about.found.origin?.commit;
  // Members in the record's order, optional ones only when present.
  const incident = {
    schema: INCIDENT_SCHEMA,
    generatedAt: isoTime(input.now),
    fingerprint:
      subject === undefined
        ? incidentFingerprint(alert, resolved ? undefined : alertTarget(alert), commit)
        : knownFingerprint(about.fingerprints, alert, subject, commit),
    alert,
    resolution: resolutionOf(resolution),
  } as Incident;
  if (resolution.workload !== undefined) incident.workload = resolution.workload;
  if (resolution.pod !== undefined) incident.pod = resolution.pod;
  if (resolution.object !== undefined) incident.object = resolution.object;
  incident.usedBy = resolution.usedBy;
  incident.attribution = about.found.attribution;
  if (about.found.origin !== undefined) incident.origin = about.found.origin;
  if (about.deployer !== undefined) incident.deployer = about.deployer;
  incident.appliers = appliers;
  incident.facts = about.facts;
  incident.images = about.parts.images;
  incident.secrets = about.parts.secrets;
  if (about.parts.serviceAccount !== undefined)
    incident.serviceAccount = about.parts.serviceAccount;
  incident.risks = about.risks;
  incident.findings = about.findings;
  incident.evidence = about.evidence;
  incident.notify = about.notify;
  return incident;
}

// The last time written and its RFC 3339 form (most runs give every incident the same `now`).
let lastTime = NaN;
let lastIso = '';

// `date.toISOString()`, remembered for the last time written.
function isoTime(date: Date): string {
  const time = date.getTime();
  if (time !== lastTime) {
    lastIso = date.toISOString();
    lastTime = time;
  }
  return lastIso;
}

// The incident's resolution: status, then `via` and `reason` when known.
function resolutionOf(resolution: Resolution): Incident['resolution'] {
  const out: Incident['resolution'] = { status: resolution.status };
  if (resolution.via !== undefined) out.via = resolution.via;
  if (resolution.reason !== undefined) out.reason = resolution.reason;
  return out;
}

/** Most rules whose fingerprints one subject's parts keep (alert rules are foreign text). */
const KEPT_RULES = 64;

// The fingerprint of an alert's rule on a subject, remembered per rule with the subject's parts.
function knownFingerprint(
  known: Map<string, string>,
  alert: NormalizedAlert,
  subject: ObjectRef,
  commit: string | undefined,
): string {
  let fingerprint = known.get(alert.rule);
  if (fingerprint === undefined) {
    fingerprint = incidentFingerprint(alert, subject, commit);
    if (known.size < KEPT_RULES) known.set(alert.rule, fingerprint);
  }
  return fingerprint;
}

/**
 * What an incident says about its subject, whatever the alert: the same for every alert on one
 * workload/object and pod within one cluster view, so {@link IncidentMemo} keeps it.
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
  evidence: Omit<AttestationEvidence, 'predicate'>[];
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

function subjectParts(input: BuildIncidentInput, subject: ObjectRef | undefined): SubjectParts {
  const { resolution, memo } = input;
  const key =
    memo === undefined || subject === undefined
      ? undefined
      : `${objectKey(subject)}|${resolution.pod ?? ''}|${resolution.via ?? ''}`;
  const known = key === undefined ? undefined : memo?.get(key);
  if (known !== undefined) return known;
  const computed = computeSubjectParts(input, subject);
  if (key !== undefined) memo?.set(key, computed);
  return computed;
}

function computeSubjectParts(
  input: BuildIncidentInput,
  subject: ObjectRef | undefined,
): SubjectParts {
  const { alert, resolution, view, evidence, links } = input;
  const resolved = resolution.status === 'resolved';
  // 1. The live pod the alert names.
  const podNamespace = resolution.workload?.namespace ?? alert.namespace;
  const pod = resolution.pod === undefined ? undefined : view.pod(podNamespace, resolution.pod);
  // 2. Its origin: verify's verdict, a verified record, or what annotations claim.
  const found = subjectOrigin(subject, pod, view, evidence, links);
  const used = new Set<string>();
  if (found.origin?.verified === true && found.origin.attestation !== undefined)
    used.add(found.origin.attestation);
  // 3. Containers, Secrets and service account of the workload, or the object's own.
  const context = { view, evidence, used, ...(links === undefined ? {} : { links }) };
  const parts: IncidentParts =
    resolved && resolution.workload !== undefined
      ? workloadParts(resolution.workload, pod, resolution.pod, found, context)
      : resolved && resolution.object !== undefined
        ? objectParts(resolution.object, resolution.usedBy, context)
        : { images: [], secrets: [] };
  for (const image of parts.images) for (const id of image.attestations) used.add(id);
  // 4. Who deploys it, whom to tell.
  const deployer = deployerOf(found.match);
  const notify = [...new Set([...(found.origin?.owners ?? []), ...(deployer?.owners ?? [])])];
  return {
    found,
    parts,
    findings: found.report?.findings ?? [],
    risks: found.report?.risks ?? [],
    appliers: managedFieldsAppliers(
      found.report?.findings ?? [],
      found.live,
      found.origin !== undefined,
    ),
    deployer,
    facts: incidentFacts(found.origin, parts.images),
    evidence: usedEvidence(evidence.evidence, used),
    notify,
    fingerprints: new Map(),
  };
}

// The bundles the incident relies on, in evidence order, without their predicates (indexed once
// per evidence list).
const usedIndexes = new WeakMap<readonly AttestationEvidence[], UsedEvidence>();
function usedEvidence(
  evidence: readonly AttestationEvidence[],
  used: ReadonlySet<string>,
): PlainEvidence[] {
  let index = usedIndexes.get(evidence);
  if (index === undefined) {
    index = new UsedEvidence(evidence);
    usedIndexes.set(evidence, index);
  }
  return index.of(used);
}

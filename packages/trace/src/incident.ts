import { INCIDENT_SCHEMA } from '@trailmark/core';
import type { Applier, Incident, NormalizedAlert, ObjectRef } from '@trailmark/core';
import { alertTarget } from './alert-target.js';
import { incidentAppliers } from './appliers.js';
import { incidentFingerprint } from './fingerprint.js';
import type { LinkOptions } from './permalink.js';
import type { Resolution } from './resolution.js';
import { subjectParts, type IncidentMemo, type SubjectInput } from './subject-parts.js';
import type { TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

export type { IncidentMemo, SubjectParts } from './subject-parts.js';

/** Input of {@link buildIncident}. */
export interface BuildIncidentInput extends SubjectInput {
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

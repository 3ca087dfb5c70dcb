import { podSpecOf } from '@trailmark/core';
import type {
  IncidentImage,
  KubeObject,
  ObjectRef,
  SecretTrace,
  ServiceAccountTrace,
} from '@trailmark/core';
import { asRecord } from './kube-read.js';
import { objectSource } from './object-source.js';
import type { PartsMemo } from './parts-memo.js';
import { permalink, type LinkOptions } from './permalink.js';
import { incidentImages } from './images.js';
import { secretTraces } from './secrets.js';
import { serviceAccountTrace } from './service-account.js';
import type { SubjectOrigin } from './subject-origin.js';
import type { OriginMatch, TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

/** The parts of an incident that depend on what it is about. */
export interface IncidentParts {
  images: IncidentImage[];
  secrets: SecretTrace[];
  serviceAccount?: ServiceAccountTrace;
}

/** What the parts are computed from. */
export interface PartsContext {
  view: ClusterView;
  evidence: TraceEvidence;
  links?: LinkOptions;
  /** Ids of the bundles the incident relies on (added to as parts use records). */
  used: Set<string>;
  /** Parts already made for other pods in this view (see {@link PartsMemo}). */
  memo?: PartsMemo;
}

/**
 * A workload's containers, Secret references and service account: from the live pod the alert
 * names when it exists (what actually runs), else the workload's pod template, with the lines of
 * its verified record.
 */
export function workloadParts(
  workload: ObjectRef,
  pod: KubeObject | undefined,
  podName: string | undefined,
  found: SubjectOrigin,
  context: PartsContext,
): IncidentParts {
  const { view, evidence, links, used, memo } = context;
  const spec = asRecord(pod?.spec) ?? (found.live && podSpecOf(found.live.kind, found.live));
  const match = found.match;
  const images = incidentImages(found.report, pod, podName, evidence.evidence);
  const makeSecrets = (into: Set<string>): SecretTrace[] =>
    secretTraces(
      [
        {
          ref: workload,
          ...(match === undefined ? {} : { match }),
          ...(spec === undefined ? {} : { spec }),
        },
      ],
      view,
      evidence,
      links,
      undefined,
      into,
    );
  const secrets =
    memo === undefined ? makeSecrets(used) : memo.secrets(workload, match, spec, used, makeSecrets);
  if (spec === undefined && match?.record.serviceAccount === undefined) return { images, secrets };
  const makeAccount = (into: Set<string>): ServiceAccountTrace => {
    const recorded = match?.record.serviceAccount;
    const at = recorded?.at && { path: recorded.at.path, line: recorded.at.line };
    const url = permalink(
      match?.predicate.repository?.uri,
      match?.predicate.repository?.commit,
      at,
      links,
    );
    const place = { ...(at === undefined ? {} : { at }), ...(url === undefined ? {} : { url }) };
    return serviceAccountTrace(
      workload.namespace ?? '',
      spec,
      place,
      view,
      evidence,
      links,
      into,
      ...(spec === undefined && recorded !== undefined ? [recorded.name] : []),
    );
  };
  const serviceAccount =
    memo === undefined
      ? makeAccount(used)
      : memo.serviceAccount(workload, match, spec, used, makeAccount);
  return { images, secrets, serviceAccount };
}

/**
 * An object's parts: for a Secret, its reference lines in every workload using it; for a
 * ServiceAccount, the account itself with its own source line and bindings.
 */
export function objectParts(
  object: ObjectRef,
  usedBy: readonly ObjectRef[],
  context: PartsContext,
): IncidentParts {
  const { view, evidence, links, used } = context;
  if (object.kind === 'Secret') {
    const users = usedBy.map((ref) => {
      const match = recordOf(ref, evidence);
      const live = view.object(ref.kind, ref.namespace, ref.name);
      const spec = live && podSpecOf(live.kind, live);
      return {
        ref,
        ...(match === undefined ? {} : { match }),
        ...(spec === undefined ? {} : { spec }),
      };
    });
    return { images: [], secrets: secretTraces(users, view, evidence, links, object.name, used) };
  }
  if (object.kind !== 'ServiceAccount') return { images: [], secrets: [] };
  const live = view.object(object.kind, object.namespace, object.name);
  const source = objectSource(object, live, evidence, links, used);
  const place = {
    ...(source.at === undefined ? {} : { at: source.at }),
    ...(source.url === undefined ? {} : { url: source.url }),
  };
  return {
    images: [],
    secrets: [],
    serviceAccount: serviceAccountTrace(
      object.namespace ?? '',
      undefined,
      place,
      view,
      evidence,
      links,
      used,
      object.name,
    ),
  };
}

// The record verify chose for a workload (its report's attestation), else the first naming it.
function recordOf(ref: ObjectRef, evidence: TraceEvidence): OriginMatch | undefined {
  const matches = evidence.recordsFor(ref);
  const attestation = evidence.workloadReport(ref)?.origin?.attestation;
  return matches.find((match) => match.evidence.id === attestation) ?? matches[0];
}

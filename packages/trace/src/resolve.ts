import { ORIGIN_LABEL, objectKey } from '@trailmark/core';
import type { NormalizedAlert } from '@trailmark/core';
import { OBJECT_KINDS, WORKLOAD_KINDS, alertTarget, type AlertTarget } from './alert-target.js';
import { resolveObject } from './resolve-object.js';
import { plainRef, refOf, unresolved, type Resolution } from './resolution.js';
import type { OwnerTop } from './owner-walk.js';
import type { TraceEvidence } from './trace-evidence.js';
import { POD_TEMPLATE_HASH, type ClusterView } from './view.js';

/**
 * Ties an alert to what it is about, never by guessing (design.md §5):
 * 1. an alert on a Secret, ServiceAccount, Role or binding → that object and the workloads using it;
 * 2. an alert naming a workload (`deployment/NAME`, an audit objectRef) → its top workload;
 * 3. a pod (also `pods/exec`) that exists → its top workload through `ownerReferences`;
 * 4. a pod that is gone → the record its `trailmark.dev/origin` label names, else the live
 *    ReplicaSet its `pod-template-hash` label names; else unresolved, saying what was tried.
 */
export function resolveAlert(
  alert: NormalizedAlert,
  view: ClusterView,
  evidence: TraceEvidence,
): Resolution {
  const target = alertTarget(alert);
  if (target !== undefined && OBJECT_KINDS.has(target.kind)) return resolveObject(target, view);
  if (target?.kind === 'Pod')
    return resolvePod(alert, target.namespace, target.name, view, evidence);
  if (target !== undefined && WORKLOAD_KINDS.has(target.kind))
    return resolveWorkload(target, view, evidence);
  if (alert.pod !== undefined && alert.pod !== '')
    return resolvePod(alert, alert.namespace, alert.pod, view, evidence);
  if (target !== undefined)
    return unresolved(`the alert is about ${objectKey(target)}, a kind trace does not follow`);
  return unresolved('the alert names no pod, workload or object');
}

// A workload named directly: its top (a ReplicaSet's Deployment), or the record naming it.
function resolveWorkload(
  target: AlertTarget,
  view: ClusterView,
  evidence: TraceEvidence,
): Resolution {
  const live = view.object(target.kind, target.namespace, target.name);
  if (live !== undefined) return resolvedTo('object', view.topOf(live), undefined);
  const ref = plainRef(target);
  if (evidence.recordsFor(ref).length > 0)
    return { status: 'resolved', via: 'object', workload: ref, usedBy: [] };
  return unresolved(
    `${objectKey(target)} is not in the cluster view and no verified record names it`,
  );
}

function resolvePod(
  alert: NormalizedAlert,
  namespace: string | undefined,
  name: string,
  view: ClusterView,
  evidence: TraceEvidence,
): Resolution {
  const pod = view.pod(namespace, name);
  if (pod !== undefined) return resolvedTo('owner-references', view.topOf(pod), name);
  return (
    byOriginLabel(alert, namespace, name, view, evidence) ??
    byTemplateHash(alert, namespace, name, view) ??
    unresolved(goneReason(alert, namespace, name), name)
  );
}

// The pod is gone: the signed record its origin label names (one object, in its namespace).
function byOriginLabel(
  alert: NormalizedAlert,
  namespace: string | undefined,
  pod: string,
  view: ClusterView,
  evidence: TraceEvidence,
): Resolution | undefined {
  const label = alert.labels?.[ORIGIN_LABEL];
  if (label === undefined || label === '') return undefined;
  const named = new Map<string, AlertTarget>();
  for (const { record } of evidence.recordsWithLabel(label)) {
    if (namespace !== undefined && record.namespace !== undefined && record.namespace !== namespace)
      continue;
    const ref = {
      apiVersion: record.apiVersion,
      kind: record.kind,
      ...((record.namespace ?? namespace) === undefined
        ? {}
        : { namespace: record.namespace ?? namespace }),
      name: record.name,
    };
    named.set(objectKey(ref), ref);
  }
  const [only, ...others] = named.values();
  if (only === undefined || others.length > 0) return undefined;
  const live = view.object(only.kind, only.namespace, only.name);
  const workload = live === undefined ? only : refOf(view.topOf(live).object);
  return { status: 'resolved', via: 'origin-label', workload, pod, usedBy: [] };
}

// The pod is gone: the live ReplicaSet of its namespace carrying its pod-template-hash.
function byTemplateHash(
  alert: NormalizedAlert,
  namespace: string | undefined,
  pod: string,
  view: ClusterView,
): Resolution | undefined {
  const hash = alert.labels?.[POD_TEMPLATE_HASH];
  if (hash === undefined || hash === '' || namespace === undefined) return undefined;
  let sets = view.replicaSetsWithHash(namespace, hash);
  // Identical templates of two Deployments share a hash: the pod's name then tells them apart.
  if (sets.length > 1) sets = sets.filter((rs) => pod.startsWith(`${rs.metadata.name}-`));
  const [only, ...others] = sets;
  if (only === undefined || others.length > 0) return undefined;
  return resolvedTo('pod-template-hash', view.topOf(only), pod);
}

// Resolved to the top of an owner walk (and the pod the alert names), saying where the walk
// stopped early. Members in the resolution's order, optional ones only when present.
function resolvedTo(
  via: 'object' | 'owner-references' | 'pod-template-hash',
  top: OwnerTop,
  pod: string | undefined,
): Resolution {
  const resolution: Resolution = {
    status: 'resolved',
    via,
    workload: refOf(top.object),
  } as Resolution;
  if (pod !== undefined) resolution.pod = pod;
  if (top.missing !== undefined) resolution.reason = missingOwner(top.missing);
  resolution.usedBy = [];
  return resolution;
}

function goneReason(alert: NormalizedAlert, namespace: string | undefined, pod: string): string {
  const where = namespace === undefined ? pod : `${namespace}/${pod}`;
  const label = alert.labels?.[ORIGIN_LABEL];
  const hash = alert.labels?.[POD_TEMPLATE_HASH];
  const tried = [
    label === undefined
      ? `no ${ORIGIN_LABEL} label`
      : `${ORIGIN_LABEL}=${label} names no single verified record`,
    hash === undefined
      ? `no ${POD_TEMPLATE_HASH} label`
      : `${POD_TEMPLATE_HASH}=${hash} names no single ReplicaSet${namespace === undefined ? ' (no namespace)' : ` in ${namespace}`}`,
  ];
  return `pod ${where} is not in the cluster view; ${tried.join('; ')}`;
}

function missingOwner(reference: { kind: string; name: string }): string {
  return `its owner ${reference.kind}/${reference.name} is not in the cluster view`;
}

import type { KubeObject, ObjectRef, ResolutionVia } from '@trailmark/core';

/** What an alert was tied to: a workload (and pod), or an object and the workloads using it. */
export interface Resolution {
  status: 'resolved' | 'unresolved';
  via?: ResolutionVia;
  /** Why it is unresolved, or what stopped an owner walk early. */
  reason?: string;
  /** The top workload. */
  workload?: ObjectRef & { uid?: string };
  /** The pod the alert names. */
  pod?: string;
  /** The object the alert is about when it is not a workload. */
  object?: ObjectRef;
  /** For an object: the workloads that use it, sorted. */
  usedBy: ObjectRef[];
}

/** A live object's reference, made once per object (shared: treat it as read-only). */
const REFS = new WeakMap<KubeObject, Readonly<ObjectRef & { uid?: string }>>();

/**
 * The reference of a live object (namespace only when it has one). The same object gives the same
 * (frozen) reference each time, so incidents about one workload share it.
 */
export function refOf(object: KubeObject): ObjectRef & { uid?: string } {
  let ref = REFS.get(object);
  if (ref === undefined) {
    const { namespace, uid, name } = object.metadata;
    // Members in reference order, optional ones only when present.
    const made = { apiVersion: object.apiVersion, kind: object.kind } as ObjectRef & {
      uid?: string;
    };
    if (typeof namespace === 'string' && namespace !== '') made.namespace = namespace;
    made.name = name;
    if (typeof uid === 'string' && uid !== '') made.uid = uid;
    ref = Object.freeze(made);
    REFS.set(object, ref);
  }
  return ref;
}

/** An unresolved result: data, never a throw. */
export function unresolved(reason: string, pod?: string): Resolution {
  return { status: 'unresolved', reason, ...(pod === undefined ? {} : { pod }), usedBy: [] };
}

/** Only the reference members (apiVersion, kind, namespace, name) of a richer value. */
export function plainRef(ref: ObjectRef): ObjectRef {
  return {
    ...(ref.apiVersion === undefined ? {} : { apiVersion: ref.apiVersion }),
    kind: ref.kind,
    ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
    name: ref.name,
  };
}

import { podSpecOf, secretUses, serviceAccountOf } from '@trailmark/core';
import type { ClusterSnapshot, KubeObject, OwnerReference } from '@trailmark/core';
import { accountKey, nameKey, push, roleRefKey, subjectKeys } from './view-keys.js';
import { topOf, type OwnerTop } from './owner-walk.js';

/** Label the ReplicaSet controller puts on a ReplicaSet and its pods. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

const BINDING_KINDS: ReadonlySet<string> = new Set(['RoleBinding', 'ClusterRoleBinding']);

/**
 * A cluster snapshot indexed once for many lookups: objects by kind/namespace/name and uid,
 * ReplicaSets by `pod-template-hash`, bindings by subject service account and by role, and the
 * pods and workload templates that use each Secret and service account. Built in one pass over
 * the objects; every lookup after that is a map read (owner walks are memoised).
 */
export class ClusterView {
  readonly #byName = new Map<string, KubeObject>();
  readonly #byUid = new Map<string, KubeObject>();
  readonly #byHash = new Map<string, KubeObject[]>();
  readonly #bindingsBySubject = new Map<string, KubeObject[]>();
  readonly #bindingsByRole = new Map<string, KubeObject[]>();
  readonly #secretUsers = new Map<string, KubeObject[]>();
  readonly #accountUsers = new Map<string, KubeObject[]>();
  readonly #tops = new Map<KubeObject, OwnerTop>();
  /** Pods by namespace, then name (the lookup every pod alert makes). */
  readonly #pods = new Map<string, Map<string, KubeObject>>();
  readonly #find = (reference: OwnerReference, namespace: string | undefined) =>
    this.#owner(reference, namespace);

  constructor(snapshot: Pick<ClusterSnapshot, 'objects'>) {
    for (const object of snapshot.objects) this.#add(object);
  }

  /** The object of a kind by namespace and name (namespace ignored for cluster-scoped kinds). */
  object(kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return (
      this.#byName.get(nameKey(kind, namespace, name)) ??
      this.#byName.get(nameKey(kind, undefined, name))
    );
  }

  /** A pod by namespace and name. */
  pod(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#pods.get(namespace ?? '')?.get(name);
  }

  /** A Secret by namespace and name. */
  secret(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#byName.get(nameKey('Secret', namespace, name));
  }

  /** An object by uid. */
  byUid(uid: string): KubeObject | undefined {
    return this.#byUid.get(uid);
  }

  /** ReplicaSets of a namespace whose `pod-template-hash` label is `hash`. */
  replicaSetsWithHash(namespace: string, hash: string): readonly KubeObject[] {
    return this.#byHash.get(`${namespace}/${hash}`) ?? [];
  }

  /** Bindings naming the service account (directly, as its user, or through its groups). */
  bindingsFor(namespace: string, name: string): KubeObject[] {
    return [
      ...(this.#bindingsBySubject.get(accountKey(namespace, name)) ?? []),
      ...(this.#bindingsBySubject.get(`group:${namespace}`) ?? []),
      ...(this.#bindingsBySubject.get('group:*') ?? []),
    ];
  }

  /** Bindings that refer to a Role or ClusterRole. */
  bindingsOfRole(kind: string, namespace: string | undefined, name: string): readonly KubeObject[] {
    return (
      this.#bindingsByRole.get(nameKey(kind, kind === 'Role' ? namespace : undefined, name)) ?? []
    );
  }

  /** Pods and workloads whose pod spec references the Secret. */
  secretUsers(namespace: string, name: string): readonly KubeObject[] {
    return this.#secretUsers.get(`${namespace}/${name}`) ?? [];
  }

  /** Pods and workloads whose pod spec runs as the service account (`default` when unset). */
  accountUsers(namespace: string, name: string): readonly KubeObject[] {
    return this.#accountUsers.get(`${namespace}/${name}`) ?? [];
  }

  /** The top of an object's controller chain (memoised; see {@link topOf}). */
  topOf(object: KubeObject): OwnerTop {
    return this.#tops.get(object) ?? topOf(object, this.#tops, this.#find);
  }

  #add(object: KubeObject): void {
    const { namespace, name, uid, labels } = object.metadata;
    const ns = typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
    this.#byName.set(nameKey(object.kind, ns, name), object);
    if (object.kind === 'Pod') {
      const pods = this.#pods.get(ns ?? '');
      if (pods === undefined) this.#pods.set(ns ?? '', new Map([[name, object]]));
      else pods.set(name, object);
    }
    if (typeof uid === 'string' && uid !== '') this.#byUid.set(uid, object);
    const hash = labels?.[POD_TEMPLATE_HASH];
    if (object.kind === 'ReplicaSet' && typeof hash === 'string')
      push(this.#byHash, `${ns ?? ''}/${hash}`, object);
    if (BINDING_KINDS.has(object.kind)) {
      for (const key of new Set(subjectKeys(object))) push(this.#bindingsBySubject, key, object);
      const role = roleRefKey(object);
      if (role !== undefined) push(this.#bindingsByRole, role, object);
    }
    const spec = podSpecOf(object.kind, object);
    if (spec === undefined || ns === undefined) return;
    for (const secret of new Set(secretUses(spec).map((use) => use.name)))
      push(this.#secretUsers, `${ns}/${secret}`, object);
    push(this.#accountUsers, `${ns}/${serviceAccountOf(spec) ?? 'default'}`, object);
  }

  // An owner by uid; by name only when the reference has no uid or the named object has none
  // (a uid naming another object means the owner was deleted and re-created: not the owner).
  #owner(reference: OwnerReference, namespace: string | undefined): KubeObject | undefined {
    const byUid = reference.uid === '' ? undefined : this.#byUid.get(reference.uid);
    if (byUid !== undefined) return byUid;
    const byName = this.object(reference.kind, namespace, reference.name);
    const uid = byName?.metadata.uid;
    return typeof uid === 'string' && uid !== '' && reference.uid !== '' ? undefined : byName;
  }
}

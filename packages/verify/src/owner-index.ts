import { controllerReference, type KubeObject, type OwnerReference } from '@trailmark/core';

/** Where an owner walk ended: the top object, and the owner reference it could not follow. */
export interface OwnerTop {
  object: KubeObject;
  missing?: OwnerReference;
}

/** Owner chains longer than this are cycles or nonsense; the walk stops there. */
const MAX_DEPTH = 8;

/** Objects by uid (and by kind/namespace/name when uid-less), with memoised owner walks. */
export class OwnerIndex {
  readonly #byUid = new Map<string, KubeObject>();
  readonly #byName = new Map<string, KubeObject>();
  readonly #tops = new Map<KubeObject, OwnerTop>();

  constructor(objects: readonly KubeObject[]) {
    for (const object of objects) {
      const uid = object.metadata.uid;
      if (typeof uid === 'string' && uid !== '') this.#byUid.set(uid, object);
      this.#byName.set(
        nameKey(object.kind, object.metadata.namespace, object.metadata.name),
        object,
      );
    }
  }

  /** The top of `object`'s controller chain (the object itself when it has no owner). */
  topOf(object: KubeObject): OwnerTop {
    const known = this.#tops.get(object);
    if (known !== undefined) return known;
    let current = object;
    let result: OwnerTop = { object };
    const seen = new Set<KubeObject>([object]);
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const reference = controllerReference(current);
      if (reference === undefined) break;
      const owner = this.#find(reference, current.metadata.namespace);
      if (owner === undefined) {
        result = { object: current, missing: reference };
        break;
      }
      if (seen.has(owner)) break;
      seen.add(owner);
      const memo = this.#tops.get(owner);
      if (memo !== undefined) {
        result = memo;
        break;
      }
      current = owner;
      result = { object: current };
    }
    this.#tops.set(object, result);
    return result;
  }

  #find(reference: OwnerReference, namespace: unknown): KubeObject | undefined {
    const byUid = reference.uid === '' ? undefined : this.#byUid.get(reference.uid);
    if (byUid !== undefined) return byUid;
    const byName = this.#byName.get(nameKey(reference.kind, namespace, reference.name));
    // A uid that names another object means the owner was deleted and re-created: not the owner.
    const uid = byName?.metadata.uid;
    return typeof uid === 'string' && uid !== '' && reference.uid !== '' ? undefined : byName;
  }
}

function nameKey(kind: string, namespace: unknown, name: string): string {
  return `${kind}/${typeof namespace === 'string' ? namespace : ''}/${name}`;
}

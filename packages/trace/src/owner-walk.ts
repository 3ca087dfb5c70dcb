import { controllerReference, type KubeObject, type OwnerReference } from '@trailmark/core';

/** Where an owner walk ended: the top object, and the owner reference it could not follow. */
export interface OwnerTop {
  object: KubeObject;
  missing?: OwnerReference;
}

/** Owner chains longer than this are cycles or nonsense; the walk stops there. */
const MAX_DEPTH = 8;

/**
 * The top of `object`'s controller chain through `ownerReferences` (Pod → ReplicaSet →
 * Deployment, Pod → Job → CronJob, …; the object itself when it has no owner). An owner that
 * `find` cannot produce stops the walk at the last object found, named in `missing`. Results are
 * memoised in `memo`, so many pods of one workload cost one walk.
 */
export function topOf(
  object: KubeObject,
  memo: Map<KubeObject, OwnerTop>,
  find: (reference: OwnerReference, namespace: string | undefined) => KubeObject | undefined,
): OwnerTop {
  const known = memo.get(object);
  if (known !== undefined) return known;
  let current = object;
  let result: OwnerTop = { object };
  const seen = new Set<KubeObject>([object]);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const reference = controllerReference(current);
    if (reference === undefined) break;
    const namespace = current.metadata.namespace;
    const owner = find(reference, typeof namespace === 'string' ? namespace : undefined);
    if (owner === undefined) {
      result = { object: current, missing: reference };
      break;
    }
    if (seen.has(owner)) break;
    seen.add(owner);
    const memoised = memo.get(owner);
    if (memoised !== undefined) {
      result = memoised;
      break;
    }
    current = owner;
    result = { object: current };
  }
  memo.set(object, result);
  return result;
}

import type { KubeObject } from '@trailmark/core';

// A Secret's values: `data` (base64) and `stringData` (write-only, but a file may carry it).
const SECRET_VALUE_MEMBERS = ['data', 'stringData'] as const;

/**
 * The object with a Secret's values removed: `data` and `stringData` are dropped, metadata and
 * `type` kept. Any other object is returned as it is. This is the one place Secret values are
 * discarded; every reader (live pages, snapshot files, kubectl lists) calls it on each object as
 * soon as it is parsed, so nothing downstream ever holds a value.
 */
export function withoutSecretData(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object;
  const copy: KubeObject = { ...object };
  for (const member of SECRET_VALUE_MEMBERS) Reflect.deleteProperty(copy, member);
  // `kubectl.kubernetes.io/last-applied-configuration` quotes the whole applied object, values too.
  const annotations = copy.metadata.annotations;
  if (annotations?.[LAST_APPLIED] !== undefined) {
    const kept = { ...annotations };
    Reflect.deleteProperty(kept, LAST_APPLIED);
    copy.metadata = { ...copy.metadata, annotations: kept };
  }
  return copy;
}

/** The annotation `kubectl apply` writes: the applied object, Secret values included. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

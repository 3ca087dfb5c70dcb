import { SNAPSHOT_KINDS, compareCodeUnits, type KubeObject } from '@trailmark/core';

const KIND_RANK: ReadonlyMap<string, number> = new Map(
  SNAPSHOT_KINDS.map((kind, index) => [kind, index]),
);

/** Orders objects by kind (in `SNAPSHOT_KINDS` order), then namespace, then name. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  const rank =
    (KIND_RANK.get(a.kind) ?? KIND_RANK.size) - (KIND_RANK.get(b.kind) ?? KIND_RANK.size);
  if (rank !== 0) return rank;
  return (
    compareCodeUnits(a.kind, b.kind) ||
    compareCodeUnits(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareCodeUnits(a.metadata.name, b.metadata.name)
  );
}

/** A sorted copy of `objects` (see {@link compareObjects}). */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort(compareObjects);
}

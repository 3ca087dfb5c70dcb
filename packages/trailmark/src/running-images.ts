import type { ClusterSnapshot } from '@trailmark/core';
import { buildInventory } from '@trailmark/verify';
import type { ImageDigest } from './collect-bundles.js';

/** Every distinct running image digest of a cluster view, with the image reference that ran it. */
export function runningImages(snapshot: ClusterSnapshot): ImageDigest[] {
  const seen = new Map<string, ImageDigest>();
  for (const workload of buildInventory(snapshot).workloads) {
    for (const container of workload.containers) {
      if (container.digest === undefined) continue;
      const key = `${container.image}@${container.digest}`;
      if (!seen.has(key)) seen.set(key, { ref: container.image, digest: container.digest });
    }
  }
  return [...seen.values()];
}

import type { KubeObject, ObjectRef, OwnerReference } from '@trailmark/core';
import { digestOfImageId, digestOfImageRef } from './image-id.js';
import { asRecord, records, stringAt } from './kube-read.js';
import { OwnerIndex } from './owner-index.js';

/** Which list of the pod spec a container comes from. */
export type ContainerType = 'container' | 'init' | 'ephemeral';

/** One container of a running (or pending) pod. */
export interface InventoryContainer {
  pod: string;
  name: string;
  type: ContainerType;
  /** The image as the pod spec names it. */
  image: string;
  /**
   * The running digest (`sha256:<hex>`) from `status.*containerStatuses[].imageID`; for a
   * container not started yet, the digest its image reference pins, if any.
   */
  digest?: string;
  /** True when `digest` comes from the kubelet's `imageID` (it ran), false when from the spec. */
  running: boolean;
}

/** An owner reference that points at an object missing from the snapshot. */
export interface MissingOwner {
  /** `kind/namespace/name` of the last object found. */
  of: string;
  kind: string;
  name: string;
}

/** A top-level workload: a controller at the top of its pods' owner chains, or a bare Pod. */
export interface InventoryWorkload {
  ref: ObjectRef;
  uid?: string;
  object: KubeObject;
  pods: KubeObject[];
  containers: InventoryContainer[];
  /** Set when the owner chain stops early because an owner is not in the snapshot. */
  missingOwner?: MissingOwner;
}

/** Every workload of a cluster view, with its pods and containers. */
export interface Inventory {
  workloads: InventoryWorkload[];
  pods: number;
  containers: number;
}

/** The kinds that can head a workload (or sit in its owner chain). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'Pod',
]);

/**
 * Pods → top workloads through `ownerReferences` (Pod → ReplicaSet → Deployment, Pod → Job →
 * CronJob, StatefulSet, DaemonSet; a bare Pod is its own workload). Workloads without pods (scaled
 * to zero, a CronJob between runs) are workloads too. An owner missing from the snapshot stops the
 * walk at the last object found, and the workload says so (`missingOwner`). Linear in the number
 * of objects.
 */
export function buildInventory(snapshot: { objects: readonly KubeObject[] }): Inventory {
  const owners = new OwnerIndex(
    snapshot.objects.filter((object) => WORKLOAD_KINDS.has(object.kind)),
  );
  const byTop = new Map<KubeObject, InventoryWorkload>();
  const workloadOf = (object: KubeObject): InventoryWorkload => {
    const top = owners.topOf(object);
    let workload = byTop.get(top.object);
    if (workload === undefined) {
      workload = newWorkload(top.object, top.missing);
      byTop.set(top.object, workload);
    }
    return workload;
  };
  let pods = 0;
  let containers = 0;
  for (const object of snapshot.objects) {
    if (!WORKLOAD_KINDS.has(object.kind)) continue;
    const workload = workloadOf(object);
    if (object.kind !== 'Pod') continue;
    pods++;
    workload.pods.push(object);
    const found = podContainers(object);
    containers += found.length;
    workload.containers.push(...found);
  }
  return { workloads: [...byTop.values()], pods, containers };
}

function newWorkload(object: KubeObject, missing: OwnerReference | undefined): InventoryWorkload {
  const { namespace, uid } = object.metadata;
  const ref: ObjectRef = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    name: object.metadata.name,
  };
  return {
    ref,
    ...(typeof uid === 'string' ? { uid } : {}),
    object,
    pods: [],
    containers: [],
    ...(missing === undefined
      ? {}
      : { missingOwner: { of: displayKey(ref), kind: missing.kind, name: missing.name } }),
  };
}

const LISTS: readonly [string, string, ContainerType][] = [
  ['initContainers', 'initContainerStatuses', 'init'],
  ['containers', 'containerStatuses', 'container'],
  ['ephemeralContainers', 'ephemeralContainerStatuses', 'ephemeral'],
];

/** Every container of a pod, with its running digest from the matching status entry. */
export function podContainers(pod: KubeObject): InventoryContainer[] {
  const spec = asRecord(pod.spec) ?? {};
  const status = asRecord(pod.status) ?? {};
  return LISTS.flatMap(([list, statusList, type]) => {
    const statuses = new Map<string, Record<string, unknown>>();
    for (const entry of records(status[statusList])) {
      const name = stringAt(entry, ['name']);
      if (name !== undefined) statuses.set(name, entry);
    }
    return records(spec[list]).map((container) => {
      const name = stringAt(container, ['name']) ?? '';
      const image = stringAt(container, ['image']) ?? '';
      const ran = digestOfImageId(stringAt(statuses.get(name), ['imageID']));
      const digest = ran ?? digestOfImageRef(image);
      return {
        pod: pod.metadata.name,
        name,
        type,
        image,
        ...(digest === undefined ? {} : { digest }),
        running: ran !== undefined,
      };
    });
  });
}

/** `Kind/namespace/name` of a reference. */
export function displayKey(ref: ObjectRef): string {
  return ref.namespace === undefined
    ? `${ref.kind}/${ref.name}`
    : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

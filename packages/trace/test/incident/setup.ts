import type { KubeObject, NormalizedAlert } from '@trailmark/core';
import { ClusterView } from '../../src/index.js';
import { deploy, stampedObjects } from './cluster.js';

/** The deployed release plus extra objects, as a view. */
export function releaseCluster(
  extra: KubeObject[] = [],
  edit?: (objects: KubeObject[]) => void,
): {
  objects: KubeObject[];
  view: ClusterView;
} {
  const objects = [...deploy(stampedObjects()), ...extra];
  edit?.(objects);
  return { objects, view: new ClusterView({ objects }) };
}

/** An alert with the members every format sets, plus `fields`. */
export function alert(fields: Partial<NormalizedAlert>): NormalizedAlert {
  return {
    format: 'falco',
    source: 'syscall',
    rule: 'Terminal shell in container',
    severity: 'medium',
    at: { path: 'alerts.json', line: 1 },
    ...fields,
  };
}

/** The one object of a kind and name. */
export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** Pods of a workload: owned by it, or by its ReplicaSet (`NAME-<hash>`) or Job (`NAME-<n>`). */
export function podsOf(objects: readonly KubeObject[], workload: string): KubeObject[] {
  const owner = new RegExp(`^${workload}(-[0-9a-f]{10}|-[0-9]{8})?$`);
  return objects.filter(
    (o) => o.kind === 'Pod' && owner.test(o.metadata.ownerReferences?.[0]?.name ?? ''),
  );
}

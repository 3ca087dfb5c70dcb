import { createHash } from 'node:crypto';
import { podTemplatePath } from '@trailmark/core';
import type { ClusterSnapshot, KubeObject, ManagedFieldsEntry } from '@trailmark/core';

// What the API server and controllers make of applied manifests, in the shapes real objects have
// (compare fixtures/k8s/: pod-nginx-k9s.json, live-deployment.yaml): uids, Helm's managedFields
// entry and the controller's status entry, ReplicaSets and Jobs owning pods, the automounted
// kube-api-access volume, and containerStatuses with docker-pullable:// imageIDs.

/** When the releases were applied, in these tests. */
export const APPLIED_AT = '2024-03-10T10:00:00Z';
const TOKEN_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A snapshot of the given objects. */
export function snapshotOf(objects: KubeObject[]): ClusterSnapshot {
  return {
    schema: 'https://trailmark.dev/cluster-snapshot/v1',
    capturedAt: '2024-03-12T08:00:00Z',
    source: { kind: 'snapshot', file: 'cluster.json' },
    objects,
  };
}

/** Applies stamped objects as Helm would, and lets the controllers create their pods. */
export function deploy(stamped: readonly KubeObject[], replicas = 2): KubeObject[] {
  const out: KubeObject[] = [];
  for (const source of stamped) {
    const object = applied(source);
    out.push(object);
    out.push(...childrenOf(object, replicas));
  }
  return out;
}

function applied(source: KubeObject): KubeObject {
  const object = structuredClone(source);
  object.metadata.uid = uidOf(object.kind, object.metadata.namespace, object.metadata.name);
  object.metadata.creationTimestamp = APPLIED_AT;
  const body: Record<string, unknown> = { ...object };
  for (const key of ['apiVersion', 'kind', 'status']) Reflect.deleteProperty(body, key);
  const entries: ManagedFieldsEntry[] = [
    {
      apiVersion: object.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: toFieldsV1(body),
      manager: 'helm',
      operation: 'Update',
      time: APPLIED_AT,
    },
  ];
  if (podTemplatePath(object.kind) !== undefined) {
    entries.push({
      apiVersion: object.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:status': { 'f:observedGeneration': {}, 'f:replicas': {} } },
      manager: 'kube-controller-manager',
      operation: 'Update',
      subresource: 'status',
      time: APPLIED_AT,
    });
  }
  object.metadata.managedFields = entries;
  return object;
}

function childrenOf(object: KubeObject, replicas: number): KubeObject[] {
  const template = templateOf(object);
  if (template === undefined) return [];
  switch (object.kind) {
    case 'Deployment': {
      const hash = shortHash(JSON.stringify(template)).slice(0, 10);
      const rs = owned('ReplicaSet', 'apps/v1', `${object.metadata.name}-${hash}`, object);
      rs.spec = { replicas, template };
      return [rs, ...pods(rs, template, replicas, { 'pod-template-hash': hash })];
    }
    case 'StatefulSet':
    case 'DaemonSet':
      return pods(object, template, replicas, {});
    case 'CronJob': {
      const job = owned('Job', 'batch/v1', `${object.metadata.name}-28485120`, object);
      job.spec = { template };
      return [job, ...pods(job, template, 1, {})];
    }
    default:
      return [];
  }
}

function templateOf(object: KubeObject): Record<string, unknown> | undefined {
  const path = podTemplatePath(object.kind);
  let node: unknown = object;
  for (const step of path ?? []) node = (node as Record<string, unknown> | undefined)?.[step];
  return path === undefined ? undefined : (node as Record<string, unknown> | undefined);
}

function owned(kind: string, apiVersion: string, name: string, owner: KubeObject): KubeObject {
  const namespace = owner.metadata.namespace ?? 'default';
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace,
      uid: uidOf(kind, namespace, name),
      creationTimestamp: APPLIED_AT,
      ownerReferences: [
        {
          apiVersion: owner.apiVersion,
          kind: owner.kind,
          name: owner.metadata.name,
          uid: owner.metadata.uid ?? '',
          controller: true,
        },
      ],
      managedFields: [
        {
          apiVersion,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:ownerReferences': {} } },
          manager: 'kube-controller-manager',
          operation: 'Update',
          time: APPLIED_AT,
        },
      ],
    },
  };
}

function pods(
  owner: KubeObject,
  template: Record<string, unknown>,
  count: number,
  labels: Record<string, string>,
): KubeObject[] {
  const meta = (template.metadata ?? {}) as {
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  return Array.from({ length: count }, (_, i) => {
    const pod = owned(
      'Pod',
      'v1',
      `${owner.metadata.name}-${shortHash(`${owner.metadata.name}/${i}`).slice(0, 5)}`,
      owner,
    );
    pod.metadata.annotations = { ...(meta.annotations ?? {}) };
    pod.metadata.labels = { ...(meta.labels ?? {}), ...labels };
    pod.spec = withTokenVolume(
      structuredClone(template.spec) as Record<string, unknown>,
      pod.metadata.name,
    );
    pod.status = statusOf(pod.spec as Record<string, unknown>);
    return pod;
  });
}

// The service-account admission plugin's kube-api-access volume and mounts.
function withTokenVolume(spec: Record<string, unknown>, seed: string): Record<string, unknown> {
  if (spec.automountServiceAccountToken === false) return spec;
  const name = `kube-api-access-${shortHash(seed).slice(0, 5)}`;
  spec.volumes = [
    ...((spec.volumes as unknown[] | undefined) ?? []),
    {
      name,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        ],
      },
    },
  ];
  for (const list of ['initContainers', 'containers'])
    for (const container of (spec[list] as Record<string, unknown>[] | undefined) ?? [])
      container.volumeMounts = [
        ...((container.volumeMounts as unknown[] | undefined) ?? []),
        { mountPath: TOKEN_MOUNT, name, readOnly: true },
      ];
  return spec;
}

/** containerStatuses as the kubelet (dockershim) reports them: `docker-pullable://repo@sha256:…`. */
export function statusOf(spec: Record<string, unknown>): Record<string, unknown> {
  const statuses = (list: string): Record<string, unknown>[] =>
    ((spec[list] as Record<string, unknown>[] | undefined) ?? []).map((container) => ({
      name: container.name,
      image: container.image,
      imageID: imageIdOf(String(container.image)),
      ready: true,
      restartCount: 0,
    }));
  return {
    phase: 'Running',
    containerStatuses: statuses('containers'),
    initContainerStatuses: statuses('initContainers'),
  };
}

/** `docker-pullable://repo@sha256:…` for an image pinned by digest (the kubelet drops the tag). */
export function imageIdOf(image: string): string {
  const [name = '', digest = `sha256:${shortHash(image)}`] = image.split('@');
  return `docker-pullable://${name.replace(/:[^/:]+$/, '')}@${digest}`;
}

// A managedFields fieldsV1 set for a value: maps → f:, lists of named items → k:{"name":…}.
function toFieldsV1(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const item of value as unknown[]) {
      const name = (item as { name?: unknown } | null)?.name;
      if (typeof name === 'string')
        out[`k:${JSON.stringify({ name })}`] = { '.': {}, ...toFieldsV1(item) };
    }
    return out;
  }
  if (value === null || typeof value !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>))
    out[`f:${key}`] = toFieldsV1(item);
  return out;
}

function uidOf(kind: string, namespace: string | undefined, name: string): string {
  const hex = shortHash(`${kind}/${namespace ?? ''}/${name}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

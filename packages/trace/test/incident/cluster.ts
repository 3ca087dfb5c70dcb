import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { podTemplatePath } from '@trailmark/core';
import type { KubeObject, ManagedFieldsEntry } from '@trailmark/core';

// Release 1 of the demo app applied as Helm and the controllers would: uids, Helm's managedFields
// entry, ReplicaSets (pod-template-hash) and Jobs owning pods, containerStatuses with
// docker-pullable:// imageIDs (compare the recorded objects in @trailmark/testing fixtures/k8s).

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cluster');
/** When the release was applied. */
export const APPLIED_AT = '2024-03-10T10:00:00Z';

/** The stamped objects of release 1. */
export function stampedObjects(): KubeObject[] {
  const text = readFileSync(join(DIR, 'release-1.stamped.yaml'), 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object.kind === 'string');
}

/** Applies objects and lets the controllers create children and pods. */
export function deploy(stamped: readonly KubeObject[], replicas = 2): KubeObject[] {
  return stamped.flatMap((source) => {
    const object = structuredClone(source);
    object.metadata.uid = uidOf(object.kind, object.metadata.namespace, object.metadata.name);
    object.metadata.creationTimestamp = APPLIED_AT;
    object.metadata.managedFields = [managed('helm', object.apiVersion, { 'f:spec': {} })];
    return [object, ...childrenOf(object, replicas)];
  });
}

/** A managedFields entry. */
export function managed(
  manager: string,
  apiVersion: string,
  fieldsV1: Record<string, unknown>,
  time = APPLIED_AT,
  operation = 'Update',
): ManagedFieldsEntry {
  return { apiVersion, fieldsType: 'FieldsV1', fieldsV1, manager, operation, time };
}

function childrenOf(object: KubeObject, replicas: number): KubeObject[] {
  const path = podTemplatePath(object.kind);
  let template: unknown = object;
  for (const step of path ?? []) template = (template as Record<string, unknown>)[step];
  if (path === undefined || template === undefined) return [];
  const spec = template as Record<string, unknown>;
  switch (object.kind) {
    case 'Deployment': {
      const hash = hex(JSON.stringify(spec)).slice(0, 10);
      const rs = owned('ReplicaSet', 'apps/v1', `${object.metadata.name}-${hash}`, object);
      rs.metadata.labels = { 'pod-template-hash': hash };
      return [rs, ...pods(rs, spec, replicas, { 'pod-template-hash': hash })];
    }
    case 'StatefulSet':
    case 'DaemonSet':
      return pods(object, spec, replicas, {});
    case 'CronJob': {
      const job = owned('Job', 'batch/v1', `${object.metadata.name}-28485120`, object);
      return [job, ...pods(job, spec, 1, {})];
    }
    default:
      return [];
  }
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
      `${owner.metadata.name}-${hex(`${owner.metadata.name}/${i}`).slice(0, 5)}`,
      owner,
    );
    pod.metadata.annotations = { ...(meta.annotations ?? {}) };
    pod.metadata.labels = { ...(meta.labels ?? {}), ...labels };
    const spec = structuredClone(template.spec) as Record<string, unknown>;
    pod.spec = spec;
    const containers = (spec.containers as { name: string; image: string }[] | undefined) ?? [];
    pod.status = {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: imageIdOf(c.image),
      })),
    };
    return pod;
  });
}

/** `docker-pullable://repo@sha256:…` as the kubelet reports a digest-pinned image. */
export function imageIdOf(image: string): string {
  const [name = '', digest = `sha256:${hex(image)}`] = image.split('@');
  return `docker-pullable://${name.replace(/:[^/:]+$/, '')}@${digest}`;
}

function uidOf(kind: string, namespace: string | undefined, name: string): string {
  const h = hex(`${kind}/${namespace ?? ''}/${name}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Hex sha256 of a string. */
export function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

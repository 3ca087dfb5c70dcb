import type { SecretVia } from './origin.js';

// Pod-spec walkers shared by stamp (manifest), attest inputs and, at runtime, verify and trace:
// they read parsed Kubernetes objects (plain JSON values) and never trust their shape.

/** Path from an object to its pod template (`metadata` + `spec`), per workload kind. */
export function podTemplatePath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    default:
      return undefined;
  }
}

/** The pod spec of a workload or Pod, if it has one. */
export function podSpecOf(
  kind: string,
  value: Record<string, unknown>,
): Record<string, unknown> | undefined {
  if (kind === 'Pod') return asRecord(value.spec);
  const path = podTemplatePath(kind);
  if (!path) return undefined;
  return asRecord(getPath(value, [...path, 'spec']));
}

/** A container's name and image as written. */
export interface ContainerImage {
  container: string;
  image: string;
}

/** Every container image of a pod spec: init, regular and ephemeral containers, in that order. */
export function containerImages(spec: Record<string, unknown>): ContainerImage[] {
  return containersOf(spec).flatMap((container) => {
    const image = container.image;
    const name = container.name;
    return typeof image === 'string'
      ? [{ container: typeof name === 'string' ? name : '', image }]
      : [];
  });
}

/** A Secret named by a pod spec (names only; data never leaves the Secret). */
export interface SecretUse {
  name: string;
  via: SecretVia;
  container: string | undefined;
}

/** Every Secret a pod spec references: env, envFrom, volumes, projected volumes, imagePullSecrets. */
export function secretUses(spec: Record<string, unknown>): SecretUse[] {
  const uses: SecretUse[] = [];
  for (const container of containersOf(spec)) {
    const name = typeof container.name === 'string' ? container.name : undefined;
    for (const env of records(container.env)) {
      pushName(uses, getPath(env, ['valueFrom', 'secretKeyRef', 'name']), 'env', name);
    }
    for (const from of records(container.envFrom))
      pushName(uses, getPath(from, ['secretRef', 'name']), 'envFrom', name);
  }
  for (const volume of records(spec.volumes)) {
    pushName(uses, getPath(volume, ['secret', 'secretName']), 'volume', undefined);
    for (const source of records(getPath(volume, ['projected', 'sources']))) {
      pushName(uses, getPath(source, ['secret', 'name']), 'projected', undefined);
    }
  }
  for (const pull of records(spec.imagePullSecrets))
    pushName(uses, pull.name, 'imagePullSecrets', undefined);
  return uses;
}

/** The service account a pod spec names (`serviceAccountName`, or the deprecated `serviceAccount`). */
export function serviceAccountOf(spec: Record<string, unknown>): string | undefined {
  const name = spec.serviceAccountName ?? spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function pushName(
  uses: SecretUse[],
  name: unknown,
  via: SecretVia,
  container: string | undefined,
): void {
  if (typeof name === 'string' && name !== '') uses.push({ name, via, container });
}

function containersOf(spec: Record<string, unknown>): Record<string, unknown>[] {
  return [
    ...records(spec.initContainers),
    ...records(spec.containers),
    ...records(spec.ephemeralContainers),
  ];
}

function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  const out: Record<string, unknown>[] = [];
  for (const item of value as unknown[]) {
    const record = asRecord(item);
    if (record) out.push(record);
  }
  return out;
}

// Reads a nested value by path; undefined when any step is missing.
function getPath(value: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = value;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

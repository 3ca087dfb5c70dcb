// The cluster as verify and trace see it: plain Kubernetes objects (JSON as the API server returns
// them), read from a live cluster, a `trailmark snapshot` file or a `kubectl get -o json` List.
// Shared by the kube adapter (which produces it) and the verify/trace packages (which read it).

/** `schema` of a `trailmark snapshot` file (`schemas/cluster-snapshot.v1.schema.json`). */
export const CLUSTER_SNAPSHOT_SCHEMA = 'https://trailmark.dev/cluster-snapshot/v1';

/** The kinds a snapshot holds: what verify and trace need, and nothing else. */
export const SNAPSHOT_KINDS = [
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'Secret',
] as const;

/** One of {@link SNAPSHOT_KINDS}. */
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

/** `metadata.ownerReferences[]`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/** `metadata.managedFields[]`: who (manager) changed which fields (fieldsV1) when (time). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  /** RFC 3339. */
  time?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  subresource?: string;
}

/** `metadata` as verify and trace read it. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  creationTimestamp?: string;
  generation?: number;
  resourceVersion?: string;
  [key: string]: unknown;
}

/**
 * A Kubernetes object as the API returns it. Only `apiVersion`, `kind` and `metadata.name` are
 * guaranteed; everything else is read defensively. A Secret never carries `data`/`stringData`
 * here: the kube adapter drops them before anything else sees the object.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Where a cluster view came from. */
export type ClusterSourceKind = 'cluster' | 'snapshot' | 'kubectl-list';

/** A cluster view: what `trailmark snapshot` writes and what verify and trace evaluate. */
export interface ClusterSnapshot {
  schema: typeof CLUSTER_SNAPSHOT_SCHEMA;
  /** RFC 3339 time the objects were read. */
  capturedAt?: string;
  /** Where the objects came from: context name and server URL of a live cluster, or a file. */
  source: { kind: ClusterSourceKind; context?: string; server?: string; file?: string };
  objects: KubeObject[];
  /**
   * What the reader noticed and the user should hear (objects of other kinds skipped, duplicates
   * dropped). Never written to a snapshot file.
   */
  notes?: string[];
}

/** `kind/namespace/name` (or `kind/name` for cluster-scoped objects): a stable display key. */
export function objectKey(object: {
  kind: string;
  namespace?: string | undefined;
  name: string;
}): string {
  return object.namespace === undefined || object.namespace === ''
    ? `${object.kind}/${object.name}`
    : `${object.kind}/${object.namespace}/${object.name}`;
}

/**
 * An object's controller owner reference (`controller: true`), else its first well-formed owner
 * reference (kind, name and uid all strings); undefined when it has none.
 */
export function controllerReference(object: KubeObject): OwnerReference | undefined {
  const references = Array.isArray(object.metadata.ownerReferences)
    ? object.metadata.ownerReferences.filter(
        (reference) =>
          typeof reference.kind === 'string' &&
          typeof reference.name === 'string' &&
          typeof reference.uid === 'string',
      )
    : [];
  return references.find((reference) => reference.controller === true) ?? references[0];
}

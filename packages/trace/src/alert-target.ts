import type { NormalizedAlert, ObjectRef } from '@trailmark/core';

/** Kinds by the resource names audit events and references use (plural, lowercase). */
const KIND_OF_RESOURCE: Readonly<Record<string, string>> = {
  pods: 'Pod',
  secrets: 'Secret',
  serviceaccounts: 'ServiceAccount',
  roles: 'Role',
  clusterroles: 'ClusterRole',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  cronjobs: 'CronJob',
};

/** Objects an alert can be about that are not workloads: trace resolves to them and their users. */
export const OBJECT_KINDS: ReadonlySet<string> = new Set([
  'Secret',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
]);

/** Kinds that head (or sit in the owner chain of) a workload, other than Pod. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]);

/** The object an alert names, with its kind filled in from the resource when only that is known. */
export interface AlertTarget extends ObjectRef {
  subresource?: string;
}

/** The alert's object with a kind (`pods/exec` → the Pod), or undefined when it names none. */
export function alertTarget(alert: NormalizedAlert): AlertTarget | undefined {
  const object = alert.object;
  if (object === undefined || object.name === '') return undefined;
  const byResource =
    object.resource === undefined ? undefined : KIND_OF_RESOURCE[object.resource.toLowerCase()];
  const kind = byResource ?? canonicalKind(object.kind);
  const namespace = object.namespace ?? alert.namespace;
  // Members in reference order, optional ones only when present.
  const target = (
    object.apiVersion === undefined ? { kind } : { apiVersion: object.apiVersion, kind }
  ) as AlertTarget;
  if (namespace !== undefined && namespace !== '') target.namespace = namespace;
  target.name = object.name;
  if (object.subresource !== undefined) target.subresource = object.subresource;
  return target;
}

// `deployment`, `deployments`, `Deployment` → `Deployment`; unknown kinds are kept as written.
function canonicalKind(kind: string): string {
  const lower = kind.toLowerCase();
  return KIND_OF_RESOURCE[lower] ?? KIND_OF_RESOURCE[`${lower}s`] ?? kind;
}

import type { SnapshotKind } from '@trailmark/core';

/** Where the API serves one kind: its group version, plural resource name and scope. */
export interface ResourceInfo {
  kind: SnapshotKind;
  /** `v1` for the core group, else `group/version`. */
  apiVersion: string;
  /** Lower-case plural, as in the URL and in RBAC rules (`pods`, `clusterrolebindings`). */
  resource: string;
  namespaced: boolean;
}

const RBAC = 'rbac.authorization.k8s.io/v1';

/** Every {@link SnapshotKind}, in `SNAPSHOT_KINDS` order, with the API that serves it. */
export const RESOURCES: readonly ResourceInfo[] = [
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', namespaced: true },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets', namespaced: true },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', namespaced: true },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets', namespaced: true },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', resource: 'daemonsets', namespaced: true },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs', namespaced: true },
  { kind: 'CronJob', apiVersion: 'batch/v1', resource: 'cronjobs', namespaced: true },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', namespaced: true },
  { kind: 'Role', apiVersion: RBAC, resource: 'roles', namespaced: true },
  { kind: 'ClusterRole', apiVersion: RBAC, resource: 'clusterroles', namespaced: false },
  { kind: 'RoleBinding', apiVersion: RBAC, resource: 'rolebindings', namespaced: true },
  {
    kind: 'ClusterRoleBinding',
    apiVersion: RBAC,
    resource: 'clusterrolebindings',
    namespaced: false,
  },
  { kind: 'Secret', apiVersion: 'v1', resource: 'secrets', namespaced: true },
];

/** The API path that lists every object of a resource, in all namespaces (`/apis/apps/v1/deployments`). */
export function listPath(info: ResourceInfo): string {
  const root = info.apiVersion.includes('/')
    ? `/apis/${info.apiVersion}`
    : `/api/${info.apiVersion}`;
  return `${root}/${info.resource}`;
}

/** The {@link ResourceInfo} of a snapshot kind, or `undefined` for any other kind. */
export function resourceOfKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((info) => info.kind === kind);
}

/** Kind and apiVersion of the common resources an alert names by their plural (`pods`, `roles`). */
const RESOURCES: Readonly<Record<string, readonly [kind: string, apiVersion: string]>> = {
  pods: ['Pod', 'v1'],
  secrets: ['Secret', 'v1'],
  serviceaccounts: ['ServiceAccount', 'v1'],
  configmaps: ['ConfigMap', 'v1'],
  services: ['Service', 'v1'],
  namespaces: ['Namespace', 'v1'],
  nodes: ['Node', 'v1'],
  persistentvolumeclaims: ['PersistentVolumeClaim', 'v1'],
  persistentvolumes: ['PersistentVolume', 'v1'],
  events: ['Event', 'v1'],
  deployments: ['Deployment', 'apps/v1'],
  replicasets: ['ReplicaSet', 'apps/v1'],
  statefulsets: ['StatefulSet', 'apps/v1'],
  daemonsets: ['DaemonSet', 'apps/v1'],
  jobs: ['Job', 'batch/v1'],
  cronjobs: ['CronJob', 'batch/v1'],
  roles: ['Role', 'rbac.authorization.k8s.io/v1'],
  clusterroles: ['ClusterRole', 'rbac.authorization.k8s.io/v1'],
  rolebindings: ['RoleBinding', 'rbac.authorization.k8s.io/v1'],
  clusterrolebindings: ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1'],
  networkpolicies: ['NetworkPolicy', 'networking.k8s.io/v1'],
  ingresses: ['Ingress', 'networking.k8s.io/v1'],
  mutatingwebhookconfigurations: [
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
  ],
  validatingwebhookconfigurations: [
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
  ],
  customresourcedefinitions: ['CustomResourceDefinition', 'apiextensions.k8s.io/v1'],
};

/** The RBAC resources: a write to one of them changes who may do what. */
export const RBAC_RESOURCES: ReadonlySet<string> = new Set([
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
]);

/**
 * The kind and apiVersion of `resource` (a lower-case plural). A resource trailmark does not know
 * keeps its plural as the kind, so nothing is invented; `apiVersion` is then absent.
 */
export function kindOf(resource: string): { kind: string; apiVersion?: string } {
  const known = RESOURCES[resource];
  return known === undefined ? { kind: resource } : { kind: known[0], apiVersion: known[1] };
}

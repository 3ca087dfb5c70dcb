// What the fake Kubernetes API knows about its resources, and the bodies it answers with:
// discovery documents, lists and `kind: Status` errors in the shapes kube-apiserver sends.

/** One resource the fake serves. */
export interface FakeResource {
  group: string;
  version: string;
  /** Plural, as in URLs. */
  name: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

const CORE = { group: '', version: 'v1' };
const APPS = { group: 'apps', version: 'v1' };
const BATCH = { group: 'batch', version: 'v1' };
const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1' };

/** The resources the fake serves: the kinds a trailmark snapshot holds, plus namespaces. */
export const FAKE_RESOURCES: readonly FakeResource[] = [
  { ...CORE, name: 'pods', singularName: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  {
    ...CORE,
    name: 'serviceaccounts',
    singularName: 'serviceaccount',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  { ...CORE, name: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true },
  {
    ...CORE,
    name: 'namespaces',
    singularName: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    ...APPS,
    name: 'replicasets',
    singularName: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    ...APPS,
    name: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    ...APPS,
    name: 'statefulsets',
    singularName: 'statefulset',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    ...APPS,
    name: 'daemonsets',
    singularName: 'daemonset',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
  },
  { ...BATCH, name: 'jobs', singularName: 'job', kind: 'Job', namespaced: true },
  {
    ...BATCH,
    name: 'cronjobs',
    singularName: 'cronjob',
    kind: 'CronJob',
    namespaced: true,
    shortNames: ['cj'],
  },
  { ...RBAC, name: 'roles', singularName: 'role', kind: 'Role', namespaced: true },
  {
    ...RBAC,
    name: 'clusterroles',
    singularName: 'clusterrole',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    ...RBAC,
    name: 'rolebindings',
    singularName: 'rolebinding',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    ...RBAC,
    name: 'clusterrolebindings',
    singularName: 'clusterrolebinding',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
];

/** `v1` or `group/version`. */
export function groupVersionOf(resource: { group: string; version: string }): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The read verbs the fake implements (no writes: trailmark never writes). */
const VERBS = ['get', 'list', 'watch'];

/** The discovery document at `path` (`/api`, `/apis`, `/api/v1`, `/apis/apps/v1`), if it is one. */
export function discoveryDocument(path: string, serverAddress: string): object | undefined {
  if (path === '/api')
    return {
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
    };
  if (path === '/apis') return groupList();
  if (path === '/version')
    return {
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0-trailmark-fake',
      platform: 'linux/amd64',
    };
  const match = /^\/(?:api|apis\/([^/]+))\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  const group = match[1] ?? '';
  const version = match[2] ?? '';
  const resources = FAKE_RESOURCES.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionOf({ group, version }),
    resources: resources.map((r) => ({
      name: r.name,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: VERBS,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    })),
  };
}

function groupList(): object {
  const groups = [APPS, BATCH, RBAC].map((group) => {
    const groupVersion = groupVersionOf(group);
    return {
      name: group.group,
      versions: [{ groupVersion, version: group.version }],
      preferredVersion: { groupVersion, version: group.version },
    };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** Reasons kube-apiserver gives with each status code the fake sends. */
const REASONS: Readonly<Record<number, string>> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  410: 'Expired',
  500: 'InternalError',
  504: 'Timeout',
};

/** A `kind: Status` failure body, as kube-apiserver writes it. */
export function statusBody(code: number, message: string, details?: object): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'Unknown',
    ...(details === undefined ? {} : { details }),
    code,
  };
}

/** The message kube-apiserver gives when the continue token is too old (410 Expired). */
export const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** The 403 body kube-apiserver sends when RBAC refuses `verb` on a resource. */
export function forbiddenBody(
  user: string,
  verb: string,
  resource: FakeResource,
  namespace?: string,
): object {
  const scope =
    namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return statusBody(
    403,
    `${resource.name} is forbidden: User "${user}" cannot ${verb} resource "${resource.name}" in API group "${resource.group}" ${scope}`,
    { kind: resource.name },
  );
}

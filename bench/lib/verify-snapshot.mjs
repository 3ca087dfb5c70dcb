// The cluster snapshot of bench/verify, built from the STAMPED manifests as an API server would
// return them after a server-side apply: each Deployment (uid, managedFields, status) → one
// ReplicaSet (pod-template-hash) → 10 running Pods with the admission-added token volume and
// `status.containerStatuses[].imageID` = `docker-pullable://<repo>@sha256:…`; ServiceAccounts,
// Secrets (metadata only), and the RBAC that binds two service accounts to cluster-admin.
// Deterministic: uids and hashes derive from the names, times from the deploy time.
import { sha256Hex } from './verify-fleet.mjs';

// Times of the cluster, set by buildSnapshot from the deploy time (after the bundles were signed,
// so the kubectl-edit changes come after the attested deploy, as they would in a real cluster).
let APPLIED = '';
let EDITED = '';
let CAPTURED = '';
const after = (seconds) =>
  new Date(Date.parse(APPLIED) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DEPLOYER = 'kubectl';

/**
 * `{ schema, capturedAt, source, objects }` for the fleet; `stamped` maps `kind/ns/name` → object;
 * `deployedAt` (RFC 3339, whole seconds) is when `kubectl apply` ran; the hand edits come 2 days
 * later, the snapshot 5 days later.
 */
export function buildSnapshot(services, stamped, deployedAt) {
  APPLIED = deployedAt;
  EDITED = after(2 * 86_400 + 6 * 3600 + 45 * 60 + 12);
  CAPTURED = after(5 * 86_400);
  const objects = [];
  for (const s of services) {
    const sa = stamped.get(`ServiceAccount/${s.namespace}/${s.name}`);
    const deployment = stamped.get(`Deployment/${s.namespace}/${s.name}`);
    if (sa === undefined || deployment === undefined) throw new Error(`${s.name}: not stamped`);
    const live = liveDeployment(s, deployment);
    const rs = replicaSet(s, live);
    objects.push(live, rs, ...pods(s, rs), liveObject(sa, 'v1'));
    for (const suffix of secretsOf(s)) objects.push(secret(s, suffix));
    if (s.clusterAdmin) objects.push(clusterAdminBinding(s));
  }
  objects.push(clusterAdminRole());
  return {
    schema: 'https://trailmark.dev/cluster-snapshot/v1',
    capturedAt: CAPTURED,
    source: { kind: 'snapshot', context: 'bench-prod', server: 'https://10.0.0.1:6443' },
    objects,
  };
}

function uid(key) {
  const h = sha256Hex(`uid ${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The API's additions to an applied object: uid, resourceVersion, timestamps, managedFields. */
function liveObject(object, apiVersion, extraManaged = []) {
  const key = `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
  return {
    ...object,
    apiVersion,
    metadata: {
      ...object.metadata,
      uid: uid(key),
      resourceVersion: String(100_000 + (parseInt(sha256Hex(key).slice(0, 6), 16) % 900_000)),
      creationTimestamp: APPLIED,
      managedFields: [
        {
          manager: DEPLOYER,
          operation: 'Apply',
          apiVersion,
          time: APPLIED,
          fieldsType: 'FieldsV1',
          fieldsV1: fieldsOf({ metadata: pick(object.metadata), spec: object.spec }),
        },
        ...extraManaged,
      ],
    },
  };
}

// fieldsV1 of an object: `f:<key>` for members, `k:{"name":…}` for list items with a name.
function fieldsOf(value) {
  if (Array.isArray(value)) {
    const out = {};
    for (const item of value) {
      if (item !== null && typeof item === 'object' && typeof item.name === 'string')
        out[`k:${JSON.stringify({ name: item.name })}`] = { '.': {}, ...fieldsOf(item) };
      else out[`v:${JSON.stringify(item)}`] = {};
    }
    return out;
  }
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [`f:${k}`, fieldsOf(v)]));
}

function pick(metadata) {
  return { labels: metadata.labels, annotations: metadata.annotations };
}

function liveDeployment(s, stamped) {
  const edits = s.edited
    ? [
        {
          manager: 'kubectl-edit',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: EDITED,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
        },
      ]
    : [];
  const status = {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'apps/v1',
    time: APPLIED,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:status': { 'f:availableReplicas': {}, 'f:readyReplicas': {} } },
    subresource: 'status',
  };
  const live = liveObject(stamped, 'apps/v1', [status, ...edits]);
  live.metadata.generation = s.edited ? 2 : 1;
  live.metadata.annotations = {
    ...live.metadata.annotations,
    'deployment.kubernetes.io/revision': '1',
  };
  const replicas = live.spec.replicas;
  live.status = {
    observedGeneration: live.metadata.generation,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
  };
  return live;
}

function replicaSet(s, deployment) {
  const hash = sha256Hex(`pod-template-hash ${s.name}`).slice(0, 10);
  const template = structuredClone(deployment.spec.template);
  template.metadata.labels['pod-template-hash'] = hash;
  const name = `${s.name}-${hash}`;
  const key = `ReplicaSet/${s.namespace}/${name}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: s.namespace,
      uid: uid(key),
      labels: template.metadata.labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(deployment.spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(deployment.spec.replicas + 3),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [ownerRef(deployment)],
      creationTimestamp: APPLIED,
      generation: 1,
    },
    spec: {
      replicas: deployment.spec.replicas,
      selector: {
        matchLabels: { ...deployment.spec.selector.matchLabels, 'pod-template-hash': hash },
      },
      template,
    },
    status: { replicas: deployment.spec.replicas, readyReplicas: deployment.spec.replicas },
  };
}

function ownerRef(owner) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function pods(s, rs) {
  return Array.from({ length: rs.spec.replicas }, (_, r) => {
    const h = sha256Hex(`pod ${rs.metadata.name} ${r}`);
    const suffix = Array.from(
      { length: 5 },
      (_, k) => ALPHABET[parseInt(h.slice(k * 2, k * 2 + 2), 16) % ALPHABET.length],
    ).join('');
    return pod(s, rs, `${rs.metadata.name}-${suffix}`, h);
  });
}

function pod(s, rs, name, h) {
  const { metadata, spec } = structuredClone(rs.spec.template);
  const token = `kube-api-access-${h.slice(10, 15)}`;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    c.volumeMounts = [
      ...(c.volumeMounts ?? []),
      { name: token, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ];
    c.terminationMessagePath = '/dev/termination-log';
    c.imagePullPolicy = 'IfNotPresent';
  }
  spec.volumes = [...(spec.volumes ?? []), tokenVolume(token)];
  const node = `node-${parseInt(h.slice(20, 24), 16) % 60}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...metadata,
      name,
      namespace: s.namespace,
      uid: uid(`Pod/${s.namespace}/${name}`),
      ownerReferences: [ownerRef(rs)],
      creationTimestamp: APPLIED,
    },
    spec: {
      ...spec,
      serviceAccount: spec.serviceAccountName,
      nodeName: node,
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      tolerations: ['not-ready', 'unreachable'].map((t) => ({
        key: `node.kubernetes.io/${t}`,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      })),
    },
    status: podStatus(s, spec, h),
  };
}

function tokenVolume(name) {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    },
  };
}

function podStatus(s, spec, h) {
  const imageID = `docker-pullable://${s.repo}@${s.digest}`;
  const status = (c, k, state) => ({
    name: c.name,
    image: c.image,
    imageID,
    containerID: `containerd://${sha256Hex(`${h} ${k}`)}`,
    ready: state === 'running',
    restartCount: 0,
    started: state === 'running',
    state:
      state === 'running'
        ? { running: { startedAt: after(41) } }
        : {
            terminated: {
              exitCode: 0,
              reason: 'Completed',
              startedAt: after(31),
              finishedAt: after(38),
            },
          },
  });
  return {
    phase: 'Running',
    qosClass: 'Burstable',
    hostIP: `10.0.${parseInt(h.slice(20, 24), 16) % 60}.10`,
    podIP: `10.244.${parseInt(h.slice(24, 26), 16)}.${parseInt(h.slice(26, 28), 16)}`,
    startTime: after(30),
    conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
      type,
      status: 'True',
      lastTransitionTime: after(42),
    })),
    ...(spec.initContainers
      ? {
          initContainerStatuses: spec.initContainers.map((c, k) =>
            status(c, `init ${k}`, 'terminated'),
          ),
        }
      : {}),
    containerStatuses: spec.containers.map((c, k) => status(c, k, 'running')),
  };
}

function secretsOf(s) {
  return [
    ...(s.secretVolume ? ['tls'] : []),
    ...(s.secretEnv ? ['db'] : []),
    ...(s.secretEnvFrom ? ['env'] : []),
  ];
}

/** A Secret as the snapshot keeps it: metadata only, never data. */
function secret(s, suffix) {
  const name = `${s.name}-${suffix}`;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: suffix === 'tls' ? 'kubernetes.io/tls' : 'Opaque',
    metadata: {
      name,
      namespace: s.namespace,
      uid: uid(`Secret/${s.namespace}/${name}`),
      creationTimestamp: APPLIED,
    },
  };
}

function clusterAdminRole() {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: 'cluster-admin',
      uid: uid('ClusterRole/cluster-admin'),
      labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
      annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  };
}

function clusterAdminBinding(s) {
  const name = `${s.name}-admin`;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name, uid: uid(`ClusterRoleBinding/${name}`), creationTimestamp: EDITED },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: s.name, namespace: s.namespace }],
  };
}

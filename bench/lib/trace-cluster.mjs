// The cluster of bench/trace: 1,000 Deployments in 40 team namespaces, each → one ReplicaSet
// (pod-template-hash) → 10 running pods (10,000 pods), a ServiceAccount and a Secret per service,
// a RoleBinding per namespace and a ClusterRoleBinding to cluster-admin for every 50th service;
// every workload stamped (trailmark.dev/* annotations on the object and its pod template) and named
// in a deployment-origin record of its namespace's release. The records are handed to the tracer as
// *verified* evidence: signature verification is bench/verify's subject and happens once per run,
// before any alert; this benchmark measures what happens per alert. Deterministic.
import { createHash } from 'node:crypto';

export const NAMESPACES = 40;
export const PER_NAMESPACE = 25;
export const REPLICAS = 10;
const REPOSITORY = 'https://github.com/acme/platform';
const COMMIT = '9f1c2b7e4d3a5c6b7a8f9e0d1c2b3a4f5e6d7c8b';
const DEPLOYED = '2026-11-30T09:30:00Z';
const EDITED = '2026-12-01T14:02:11Z';
const DEPLOYMENT_ORIGIN = 'https://trailmark.dev/deployment-origin/v1';

const hex = (text) => createHash('sha256').update(text).digest('hex');
const uid = (key) => {
  const h = hex(`uid ${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Every service: namespace, name, image digest, traits. */
export function services() {
  const list = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `team-${String(n).padStart(2, '0')}`;
    for (let i = 0; i < PER_NAMESPACE; i++) {
      const name = `svc-${String(n * PER_NAMESPACE + i).padStart(4, '0')}`;
      const index = n * PER_NAMESPACE + i;
      list.push({
        namespace,
        name,
        index,
        hash: hex(`rs ${namespace}/${name}`)
          .replace(/[^a-z]/g, 'b')
          .slice(0, 10),
        digest: `sha256:${hex(`image ${name}`)}`,
        owners: [`@acme/team-${String(n).padStart(2, '0')}`],
        clusterAdmin: index % 50 === 0,
        edited: index % 7 === 0,
      });
    }
  }
  return list;
}

/**
 * `{ snapshot, evidence }` for the fleet: the snapshot (schema cluster-snapshot/v1) and one
 * verified deployment-origin evidence per namespace. `annotationsDigest` is core's.
 */
export function buildTraceCluster(core) {
  const fleet = services();
  const objects = [];
  const records = new Map();
  for (const s of fleet) {
    const file = `charts/platform/templates/${s.name}.yaml`;
    const annotations = {
      'trailmark.dev/source': `${file}#L7`,
      'trailmark.dev/source-url': `${REPOSITORY}/blob/${COMMIT}/${file}#L7`,
      'trailmark.dev/repo': REPOSITORY,
      'trailmark.dev/commit': COMMIT,
      'trailmark.dev/chart': 'platform@1.4.2',
      'trailmark.dev/owners': s.owners.join(','),
    };
    const podAnnotations = { ...annotations };
    const image = `ghcr.io/acme/${s.name}@${s.digest}`;
    const template = {
      metadata: {
        labels: { app: s.name, 'trailmark.dev/origin': originId(s) },
        annotations: podAnnotations,
      },
      spec: {
        serviceAccountName: s.name,
        containers: [
          {
            name: 'app',
            image,
            envFrom: [{ secretRef: { name: `${s.name}-env` } }],
            volumeMounts: [{ name: 'creds', mountPath: '/etc/creds' }],
          },
        ],
        volumes: [{ name: 'creds', secret: { secretName: `${s.name}-creds` } }],
      },
    };
    const deployment = live(s, 'apps/v1', 'Deployment', s.name, {
      annotations,
      labels: { app: s.name },
    });
    deployment.spec = { replicas: REPLICAS, selector: { matchLabels: { app: s.name } }, template };
    if (s.edited) deployment.metadata.managedFields.push(editEntry());
    const rs = live(s, 'apps/v1', 'ReplicaSet', `${s.name}-${s.hash}`, {
      labels: { app: s.name, 'pod-template-hash': s.hash },
      owner: deployment,
    });
    rs.spec = { replicas: REPLICAS, template };
    objects.push(deployment, rs);
    for (let r = 0; r < REPLICAS; r++) objects.push(pod(s, rs, template, r));
    objects.push(
      live(s, 'v1', 'ServiceAccount', s.name, {
        annotations: { ...annotations, 'trailmark.dev/source': `${file}#L60` },
      }),
    );
    for (const suffix of ['env', 'creds'])
      objects.push(live(s, 'v1', 'Secret', `${s.name}-${suffix}`, {}));
    if (s.clusterAdmin) objects.push(clusterAdminBinding(s));
    const record = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: s.namespace,
      name: s.name,
      origin: originId(s),
      source: { path: file, line: 7, origin: 'chart' },
      chart: { name: 'platform', version: '1.4.2', path: 'charts/platform' },
      owners: s.owners,
      introducer: {
        name: 'Dana Okafor',
        email: 'dana@acme.example',
        commit: COMMIT,
        date: DEPLOYED,
        via: 'blame',
      },
      images: [
        {
          container: 'app',
          ref: image,
          digest: s.digest,
          set: { path: 'charts/platform/values.yaml', line: 12 },
        },
      ],
      secretRefs: [
        { name: `${s.name}-env`, via: 'envFrom', container: 'app', at: { path: file, line: 31 } },
        { name: `${s.name}-creds`, via: 'volume', at: { path: file, line: 48 } },
      ],
      serviceAccount: { name: s.name, at: { path: file, line: 22 } },
      annotationsDigest: core.annotationsDigest(annotations),
      podTemplateAnnotationsDigest: core.annotationsDigest(podAnnotations),
    };
    if (!records.has(s.namespace)) records.set(s.namespace, []);
    records.get(s.namespace).push(record);
  }
  objects.push(clusterAdminRole());
  const evidence = [...records].map(([namespace, list]) => ({
    id: `sha256:${hex(`bundle ${namespace}`)}`,
    sources: [{ kind: 'dir', location: `bundles/${namespace}.sigstore.json` }],
    verified: true,
    signer: {
      subjectAlternativeName:
        'https://github.com/acme/platform/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
    },
    predicateType: DEPLOYMENT_ORIGIN,
    subjects: list.flatMap((r) =>
      r.images.map((i) => ({ name: i.ref.split('@')[0], digest: i.digest })),
    ),
    signedAt: DEPLOYED,
    predicate: {
      repository: { uri: REPOSITORY, commit: COMMIT, ref: 'refs/heads/main' },
      chart: { name: 'platform', version: '1.4.2', path: 'charts/platform' },
      environment: 'prod',
      build: {
        runUrl: 'https://github.com/acme/platform/actions/runs/42',
        workflow: 'release.yml',
      },
      operator: {
        id: 'release-bot',
        workflowRef: 'acme/platform/.github/workflows/release.yml@refs/heads/main',
      },
      approvers: ['bob'],
      objects: list,
    },
  }));
  return {
    fleet,
    snapshot: {
      schema: 'https://trailmark.dev/cluster-snapshot/v1',
      capturedAt: '2026-12-02T10:00:00Z',
      source: { kind: 'snapshot', context: 'bench-prod' },
      objects,
    },
    evidence,
  };
}

function originId(s) {
  return hex(`origin ${s.namespace}/${s.name}`).slice(0, 16);
}

function live(s, apiVersion, kind, name, { annotations, labels, owner }) {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: s.namespace,
      uid: uid(`${kind}/${s.namespace}/${name}`),
      creationTimestamp: DEPLOYED,
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: owner.apiVersion,
                kind: owner.kind,
                name: owner.metadata.name,
                uid: owner.metadata.uid,
                controller: true,
              },
            ],
          }
        : {}),
      managedFields: [
        {
          manager: 'helm',
          operation: 'Update',
          apiVersion,
          time: DEPLOYED,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': {} },
        },
      ],
    },
  };
}

function pod(s, rs, template, r) {
  const name = `${rs.metadata.name}-${hex(`${s.name} ${r}`)
    .replace(/[^a-z]/g, 'c')
    .slice(0, 5)}`;
  const object = live(s, 'v1', 'Pod', name, {
    labels: { ...template.metadata.labels, 'pod-template-hash': s.hash },
    owner: rs,
  });
  object.metadata.annotations = { ...template.metadata.annotations };
  object.spec = { ...template.spec, nodeName: `node-${r % 8}` };
  object.status = {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        image: template.spec.containers[0].image,
        imageID: `docker-pullable://ghcr.io/acme/${s.name}@${s.digest}`,
        ready: true,
      },
    ],
  };
  return object;
}

function editEntry() {
  return {
    manager: 'kubectl-edit',
    operation: 'Update',
    apiVersion: 'apps/v1',
    time: EDITED,
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:env': {} } } } },
      },
    },
  };
}

function clusterAdminBinding(s) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${s.name}-admin`, uid: uid(`crb ${s.name}`), creationTimestamp: DEPLOYED },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: s.name, namespace: s.namespace }],
  };
}

function clusterAdminRole() {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'cluster-admin', uid: uid('cluster-admin'), creationTimestamp: DEPLOYED },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
  };
}

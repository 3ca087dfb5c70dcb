// Plays the cluster for the demo: there is no Kubernetes API server on the demo machine, so this
// turns the stamped release into the objects an API server would hold after `helm upgrade` —
// ReplicaSets and pods made by the controllers (owner references, the pods' running digests in
// `status.containerStatuses[].imageID`, `managedFields`) — and then applies three things that
// happen in real clusters:
//   1. someone runs `kubectl edit deployment/shop` and adds an environment variable;
//   2. someone rewrites the StatefulSet's `trailmark.dev/owners` annotation, under the field
//      manager name `helm` so managedFields look innocent;
//   3. someone starts a privileged debug pod that mounts the app's Secret, from no pipeline at all.
// The result is a `trailmark snapshot` file (schema https://trailmark.dev/cluster-snapshot/v1).
import { createHash } from 'node:crypto';
import { CLUSTER_SNAPSHOT_SCHEMA, SNAPSHOT_KINDS as SNAPSHOT_KIND_LIST } from '@trailmark/core';
import { parseAllDocuments } from 'yaml';

const SNAPSHOT_KINDS = new Set(SNAPSHOT_KIND_LIST);
const DEPLOYED_AT = '2024-03-05T09:30:00Z';
const EDITED_AT = '2024-03-06T08:12:41Z';
const CAPTURED_AT = '2024-03-06T10:00:00Z';
const NODES = ['node-a', 'node-b'];

/**
 * The cluster after the release and the three changes above, as a snapshot object. `digests` maps
 * an image repository (`ghcr.io/acme/shop`) to the digest its tag resolved to when the pods
 * pulled it: what the kubelet reports as `imageID`. `{ changes: false }` leaves the three changes
 * out: the release exactly as deployed (the tests' clean cluster).
 */
export function simulateCluster(stampedYaml, digests, { changes = true } = {}) {
  const released = parseAllDocuments(stampedYaml)
    .map((doc) => doc.toJS())
    .filter((object) => object !== null && SNAPSHOT_KINDS.has(object.kind));
  const running = runningWith(digests);
  const objects = released.flatMap((object) => [
    deployed(object),
    ...controllerObjects(object, running),
  ]);
  if (changes) {
    editByHand(find(objects, 'Deployment', 'shop'));
    forgeOwners(find(objects, 'StatefulSet', 'shop-redis-master'));
    objects.push(debugPod(running));
  }
  return {
    schema: CLUSTER_SNAPSHOT_SCHEMA,
    capturedAt: CAPTURED_AT,
    source: { kind: 'snapshot', context: 'demo' },
    objects,
  };
}

function find(objects, kind, name) {
  return objects.find((object) => object.kind === kind && object.metadata.name === name);
}

// What the API server adds to an applied object: uid, times, and helm as its field manager.
function deployed(object) {
  const kept = { ...object };
  delete kept.data; // Secret values stay out of a snapshot
  delete kept.stringData;
  return {
    ...kept,
    metadata: {
      ...object.metadata,
      uid: uid(object.kind, object.metadata.name),
      creationTimestamp: DEPLOYED_AT,
      generation: 1,
      managedFields: [managed('helm', object.apiVersion, DEPLOYED_AT, { 'f:spec': {} })],
    },
  };
}

function controllerObjects(object, running) {
  const template = object.spec?.template;
  const replicas = object.spec?.replicas ?? 1;
  switch (object.kind) {
    case 'Deployment': {
      const hash = shortHash(object.metadata.name, 10);
      const rs = owned(object, 'ReplicaSet', `${object.metadata.name}-${hash}`, 'apps/v1');
      rs.spec = { replicas, template };
      return [rs, ...range(replicas).map((i) => pod(rs, template, `${rs.metadata.name}-${shortHash(`${i}`, 5)}`, running))];
    }
    case 'StatefulSet':
      return range(replicas).map((i) => pod(object, template, `${object.metadata.name}-${i}`, running));
    case 'DaemonSet':
      return NODES.map((node) => pod(object, template, `${object.metadata.name}-${shortHash(node, 5)}`, running, node));
    default:
      return []; // a CronJob between runs has no Job and no pod
  }
}

function owned(owner, kind, name, apiVersion) {
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      uid: uid(kind, name),
      creationTimestamp: DEPLOYED_AT,
      labels: { ...(owner.spec?.template?.metadata?.labels ?? {}) },
      ownerReferences: [
        { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: uid(owner.kind, owner.metadata.name), controller: true },
      ],
      managedFields: [managed(`${owner.kind.toLowerCase()}-controller`, apiVersion, DEPLOYED_AT, { 'f:metadata': {} })],
    },
  };
}

// A running pod of a workload: the template's metadata and spec, and the digest each container runs.
function pod(owner, template, name, running, nodeName = NODES[0]) {
  const object = owned(owner, 'Pod', name, 'v1');
  object.metadata.annotations = { ...(template.metadata?.annotations ?? {}) };
  object.spec = { ...template.spec, nodeName };
  object.status = { phase: 'Running', containerStatuses: (template.spec.containers ?? []).map(running) };
  return object;
}

// The kubelet's container status: the image as written and the digest it resolved to.
function runningWith(digests) {
  return (container) => {
    const [repository] = container.image.split(/[@:](?=[^/]*$)/);
    const digest = container.image.includes('@')
      ? container.image.split('@')[1]
      : (digests[repository] ?? `sha256:${sha256(container.image)}`);
    return {
      name: container.name,
      image: container.image,
      imageID: `docker-pullable://${repository}@${digest}`,
      ready: true,
      started: true,
    };
  };
}

// 1. `kubectl edit deployment/shop`: a LOG_LEVEL variable added to the app container.
function editByHand(deployment) {
  const app = deployment.spec.template.spec.containers[0];
  app.env = [...(app.env ?? []), { name: 'LOG_LEVEL', value: 'debug' }];
  deployment.metadata.generation = 2;
  const env = { [`k:{"name":"LOG_LEVEL"}`]: { '.': {}, 'f:name': {}, 'f:value': {} } };
  const fields = { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [`k:{"name":"${app.name}"}`]: { 'f:env': env } } } } } };
  deployment.metadata.managedFields.push(managed('kubectl-edit', 'apps/v1', EDITED_AT, fields));
}

// 2. The owners annotation rewritten to another team, hidden behind the field manager `helm`.
function forgeOwners(statefulSet) {
  statefulSet.metadata.annotations['trailmark.dev/owners'] = '@acme/storefront';
}

// 3. A privileged debug pod mounting the app's Secret; no chart, no pipeline, no annotations.
function debugPod(running) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'debug-shell',
      namespace: 'shop',
      uid: uid('Pod', 'debug-shell'),
      creationTimestamp: EDITED_AT,
      managedFields: [managed('kubectl-run', 'v1', EDITED_AT, { 'f:spec': {} })],
    },
    spec: {
      containers: [
        {
          name: 'shell',
          image: 'docker.io/library/busybox:1.36',
          command: ['sleep', 'infinity'],
          securityContext: { privileged: true },
          volumeMounts: [{ name: 'creds', mountPath: '/creds' }],
        },
      ],
      volumes: [{ name: 'creds', secret: { secretName: 'shop-credentials' } }],
      nodeName: NODES[1],
    },
    status: { phase: 'Running', containerStatuses: [running({ name: 'shell', image: 'docker.io/library/busybox:1.36' })] },
  };
}

function managed(manager, apiVersion, time, fieldsV1) {
  return { manager, operation: 'Update', apiVersion, time, fieldsType: 'FieldsV1', fieldsV1 };
}

function uid(kind, name) {
  const hex = sha256(`${kind}/${name}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function shortHash(text, length) {
  return sha256(text).replace(/[^a-z]/g, '').slice(0, length).padEnd(length, 'x');
}

function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

function range(count) {
  return Array.from({ length: count }, (_, i) => i);
}

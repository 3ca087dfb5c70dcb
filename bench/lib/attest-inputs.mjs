// Inputs of bench/attest: a release of 500 services, one image each, rendered into 5,000 objects
// (ten per service, in the shape of stamp's origin records), the manifest files they came from,
// a CycloneDX SBOM (a real lockfile plus the 500 images), a P-256 key, and a GitHub run.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = 'https://github.com/acme/platform';
const CHART = { name: 'platform', version: '2.3.0', path: 'charts/platform' };
const AUTHORS = [
  {
    name: 'Alice Ng',
    email: 'alice@acme.example',
    commit: '854714884a681e4d415ff6da66c50511cf6e2578',
    date: '2024-01-15T08:12:00Z',
  },
  {
    name: 'Bob Ruiz',
    email: 'bob@acme.example',
    commit: 'ee6c1360411e884069652add335fd98a5ac8c4e2',
    date: '2024-02-06T18:05:00Z',
  },
  {
    name: 'Chen Wu',
    email: 'chen@acme.example',
    commit: '94b07e51ea6577f9300768daea495a8e05960964',
    date: '2024-03-18T13:40:00Z',
  },
];

/** The ten objects a service renders: kind, apiVersion, template file and line of the object. */
const KINDS = [
  ['Deployment', 'apps/v1', 'deployment.yaml', 2],
  ['Service', 'v1', 'service.yaml', 2],
  ['ConfigMap', 'v1', 'configmap.yaml', 2],
  ['ServiceAccount', 'v1', 'rbac.yaml', 2],
  ['Role', 'rbac.authorization.k8s.io/v1', 'rbac.yaml', 11],
  ['RoleBinding', 'rbac.authorization.k8s.io/v1', 'rbac.yaml', 28],
  ['HorizontalPodAutoscaler', 'autoscaling/v2', 'hpa.yaml', 3],
  ['PodDisruptionBudget', 'policy/v1', 'hpa.yaml', 31],
  ['Ingress', 'networking.k8s.io/v1', 'ingress.yaml', 4],
  ['NetworkPolicy', 'networking.k8s.io/v1', 'networkpolicy.yaml', 2],
];

const sha256Hex = (text) => createHash('sha256').update(text).digest('hex');

/** Service i: name, namespace (25 teams), owning team, image pinned by digest. */
function service(i) {
  const name = `svc-${String(i).padStart(3, '0')}`;
  const team = `team-${String(i % 25).padStart(2, '0')}`;
  const digest = `sha256:${sha256Hex(`image ${name}`)}`;
  return {
    name,
    namespace: team,
    team,
    tag: `1.${i % 40}.${i % 7}`,
    digest,
    cluster: `cluster-${i % 10}`,
  };
}

/**
 * Everything the benchmark signs, built by `core` (origin ids and annotation digests exactly as
 * stamp computes them) for `services` services of ten objects each.
 */
export function buildAttestInputs({ core, sbom, corpusDir, services }) {
  const list = Array.from({ length: services }, (_, i) => service(i));
  const images = list.map((s) => `ghcr.io/acme/${s.name}@${s.digest}`);
  const records = originRecords(core, list);
  const manifests = [...new Set(list.map((s) => s.cluster))].sort().map((cluster) => ({
    name: `deploy/rendered/${cluster}.yaml`,
    sha256: sha256Hex(`rendered manifests of ${cluster}`),
  }));
  return {
    images,
    records,
    manifests,
    bom: cycloneDx(sbom, corpusDir, list),
    context: githubContext(),
    ...keyPair(),
  };
}

function originRecords(core, list) {
  return {
    schema: 'https://trailmark.dev/origin-records/v1',
    repository: {
      uri: REPO,
      commit: '51d506322feac0c217d4da7bf751ab44bbab62f1',
      ref: 'refs/heads/main',
    },
    environment: 'prod',
    build: {
      runUrl: `${REPO}/actions/runs/9876543210/attempts/1`,
      workflow: '.github/workflows/release.yml',
    },
    operator: {
      id: 'release-bot',
      workflowRef: 'acme/platform/.github/workflows/release.yml@refs/heads/main',
    },
    approvers: ['dana', 'carol'],
    objects: list.flatMap((s, i) =>
      KINDS.map((kind, k) => originObject(core, s, kind, AUTHORS[(i + k) % 3])),
    ),
  };
}

// One record, with the members stamp writes for its kind (only the Deployment runs a pod).
function originObject(core, s, [kind, apiVersion, file, line], author) {
  const path = `${CHART.path}/templates/${file}`;
  const owners = [`@acme/${s.team}`, ...(kind === 'Deployment' ? ['@acme/platform'] : [])];
  const annotations = {
    'trailmark.dev/source': `${path}#L${line}`,
    'trailmark.dev/repo': REPO,
    'trailmark.dev/commit': '51d506322feac0c217d4da7bf751ab44bbab62f1',
    'trailmark.dev/chart': `${CHART.name}@${CHART.version}`,
    'trailmark.dev/owners': owners.join(','),
    'trailmark.dev/environment': 'prod',
  };
  const record = {
    apiVersion,
    kind,
    namespace: s.namespace,
    name: s.name,
    origin: core.originId({ repo: REPO, path, kind, namespace: s.namespace, name: s.name }),
    source: { path, line, origin: 'chart' },
    chart: CHART,
    owners,
    introducer: { ...author, via: 'blame' },
    images: [],
    secretRefs: [],
    annotationsDigest: core.annotationsDigest(annotations),
  };
  if (kind !== 'Deployment') return record;
  const at = (l) => ({ path, line: l });
  // Pod templates carry the annotations that do not change every build (no commit).
  const podTemplate = { ...annotations };
  delete podTemplate['trailmark.dev/commit'];
  return {
    ...record,
    images: [
      {
        container: s.name,
        ref: `ghcr.io/acme/${s.name}:${s.tag}`,
        set: { path: `${CHART.path}/values-prod.yaml`, line: 6 },
        digest: s.digest,
      },
    ],
    secretRefs: [
      { name: `${s.name}-credentials`, via: 'env', container: s.name, at: at(51) },
      { name: `${s.name}-tls`, via: 'volume', at: at(78) },
      {
        name: 'ghcr-pull',
        via: 'imagePullSecrets',
        at: { path: `${CHART.path}/values.yaml`, line: 12 },
      },
    ],
    serviceAccount: { name: s.name, at: at(26) },
    podTemplateAnnotationsDigest: core.annotationsDigest(podTemplate),
  };
}

/** A real lockfile (argo-cd's UI, 1,317 packages) plus the images, built as `trailmark sbom` does. */
function cycloneDx(sbom, corpusDir, list) {
  const dir = join(corpusDir, 'pnpm-v9-argo-cd-ui');
  const manifest = sbom.parsePackageManifest(
    readFileSync(join(dir, 'package.json'), 'utf8'),
    'package.json',
  );
  const lock = sbom.readLockfile(
    readFileSync(join(dir, 'pnpm-lock.yaml'), 'utf8'),
    'pnpm-lock.yaml',
    { manifests: [manifest] },
  );
  const images = sbom.imageComponents(
    list.map((s) => ({
      ref: `ghcr.io/acme/${s.name}:${s.tag}`,
      digest: s.digest,
      sources: [{ path: `${CHART.path}/values-prod.yaml`, line: 6 }],
    })),
  );
  const bom = sbom.buildBom({
    lockfiles: [lock],
    metadataComponent: { name: 'platform', version: CHART.version },
    serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    timestamp: '2025-01-01T00:00:00Z',
    toolVersion: '0.0.0-bench',
    extraComponents: images,
  });
  return JSON.parse(sbom.serializeBom(bom));
}

/** The claims of a push to main running release.yml, as the facade reads them from the token. */
function githubContext() {
  return {
    serverUrl: 'https://github.com',
    repository: 'acme/platform',
    repositoryId: '123456789',
    repositoryOwnerId: '987654',
    ref: 'refs/heads/main',
    sha: '51d506322feac0c217d4da7bf751ab44bbab62f1',
    eventName: 'push',
    workflowRef: 'acme/platform/.github/workflows/release.yml@refs/heads/main',
    jobWorkflowRef: 'acme/platform/.github/workflows/release.yml@refs/heads/main',
    runnerEnvironment: 'github-hosted',
    runId: '9876543210',
    runAttempt: '1',
  };
}

/** A fresh ECDSA P-256 key pair, PEM (what `trailmark keygen` writes). */
function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

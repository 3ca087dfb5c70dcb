import { INCIDENT_SCHEMA, type Incident } from '@trailmark/core';
import { digest } from './reports.js';

// Hand-built incidents for the renderer tests (trace builds them for real; these are what it
// would build for the shop demo). A Falco "Terminal shell in container" (the rule, priority and
// output format of the corpus samples in /work/shared/corpus/alerts/falco/) on shop/api, rendered
// from charts/shop/templates/deployment.yaml#L7 at 9f1c…, changed by hand since with kubectl edit
// by jane, mounting a Secret created by hand, running as a service account bound to
// cluster-admin; and an Alertmanager KubePodCrashLooping on a pod that is gone. Digests invented.

/** The commit the shop chart was deployed from. */
export const COMMIT = '9f1c2a7e4b5d6c8f0a1b2c3d4e5f60718293a4b5';
const REPO = 'https://github.com/acme/shop';
/** `https://github.com/acme/shop/blob/<COMMIT>/<path>#L<line>` */
export const permalink = (path: string, line: number): string =>
  `${REPO}/blob/${COMMIT}/${path}#L${line}`;
/** The release workflow's run. */
export const BUILD = 'https://github.com/acme/shop/actions/runs/42/attempts/1';
/** The verified deployment-origin bundle. */
export const ORIGIN_BUNDLE = digest('a');
/** The verified build-provenance bundle of the api image. */
export const IMAGE_BUNDLE = digest('b');
const DEPLOYMENT = 'charts/shop/templates/deployment.yaml';

/** The shell-in-container incident on Deployment shop/api, everything known. */
export function shellIncident(): Incident {
  return {
    schema: INCIDENT_SCHEMA,
    generatedAt: '2026-11-29T10:02:13.120Z',
    fingerprint: digest('f'),
    alert: {
      format: 'falco',
      source: 'syscall',
      rule: 'Terminal shell in container',
      priority: 'Notice',
      severity: 'medium',
      time: '2026-11-29T10:02:11.834631763Z',
      id: '6f2c8d3e-4b1a-4c5d-9e8f-0a1b2c3d4e5f',
      message:
        '10:02:11.834631763: Notice A shell was spawned in a container with an attached terminal (user=root user_loginuid=-1 k8s.ns=shop k8s.pod=api-7c9d8f6b5-x2x9q container=5892b41bcf46 shell=sh parent=runc cmdline=sh -c uptime terminal=34816)',
      namespace: 'shop',
      pod: 'api-7c9d8f6b5-x2x9q',
      container: 'api',
      containerId: '5892b41bcf46',
      image: 'ghcr.io/acme/shop-api:2.3.0',
      digest: digest('1'),
      user: 'root',
      labels: { app: 'api', 'pod-template-hash': '7c9d8f6b5' },
      fields: { 'proc.cmdline': 'sh -c uptime', 'proc.pname': 'runc' },
      at: { path: 'alerts/falco.json', line: 3 },
      ruleAt: { path: 'rules/falco_rules.yaml', line: 1184 },
    },
    resolution: { status: 'resolved', via: 'owner-references' },
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'api',
      uid: '0b6f2d1c-3e4a-4b5c-8d9e-0f1a2b3c4d5e',
    },
    pod: 'api-7c9d8f6b5-x2x9q',
    usedBy: [],
    attribution: 'verified',
    origin: {
      verified: true,
      attestation: ORIGIN_BUNDLE,
      source: { path: DEPLOYMENT, line: 7 },
      sourceUrl: permalink(DEPLOYMENT, 7),
      repository: REPO,
      commit: COMMIT,
      chart: 'shop@1.4.2',
      owners: ['@acme/payments'],
      introducer: {
        name: 'alice',
        email: 'alice@example.com',
        commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
        date: '2026-10-02T09:14:00Z',
        via: 'blame',
      },
      operator: {
        id: 'release-bot',
        workflowRef: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
      },
      approvers: ['bob'],
      build: BUILD,
      environment: 'prod',
    },
    appliers: [
      {
        manager: 'kubectl-edit',
        user: 'jane',
        operation: 'Update',
        time: '2026-11-28T17:03:00Z',
        fields: ['spec.template.spec.containers[name=api].env[name=DEBUG].value'],
        via: 'managed-fields',
      },
    ],
    facts: [
      { name: 'source', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'chart', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'commit', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'owners', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'introducer', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'approvers', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'operator', verified: true, attestation: ORIGIN_BUNDLE },
      { name: 'build', verified: true, attestation: IMAGE_BUNDLE },
      { name: 'environment', verified: false },
      { name: 'image:api', verified: true, attestation: IMAGE_BUNDLE },
    ],
    images: [
      {
        container: 'api',
        image: 'ghcr.io/acme/shop-api:2.3.0',
        digest: digest('1'),
        attestations: [IMAGE_BUNDLE],
        build: BUILD,
      },
    ],
    secrets: [
      {
        name: 'shop-db',
        via: 'volume',
        container: 'api',
        at: { path: DEPLOYMENT, line: 48 },
        url: permalink(DEPLOYMENT, 48),
        origin: {
          kind: 'manual',
          createdBy: 'jane',
          time: '2026-09-14T08:00:00Z',
          verified: false,
        },
      },
    ],
    serviceAccount: {
      name: 'shop-api',
      namespace: 'shop',
      at: { path: DEPLOYMENT, line: 30 },
      url: permalink(DEPLOYMENT, 30),
      automountToken: true,
      bindings: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          name: 'shop-api-admin',
          role: { kind: 'ClusterRole', name: 'cluster-admin' },
          grants: 'cluster-admin (everything, everywhere)',
          risky: true,
          at: { path: 'charts/shop/templates/rbac.yaml', line: 3 },
          url: permalink('charts/shop/templates/rbac.yaml', 3),
          owners: ['@acme/platform'],
          verified: true,
        },
      ],
    },
    risks: [
      {
        kind: 'secret-volume',
        detail: 'secret shop-db mounted at /etc/db',
        container: 'api',
        at: { path: DEPLOYMENT, line: 48 },
        risky: true,
      },
      {
        kind: 'cluster-admin',
        detail: 'ClusterRoleBinding/shop-api-admin → cluster-admin',
        risky: true,
      },
    ],
    findings: [
      {
        code: 'DRIFT_MANUAL_CHANGE',
        severity: 'high',
        message: 'kubectl-edit (user jane) changed Deployment shop/api after the attested deploy',
        fails: true,
        source: { path: DEPLOYMENT, line: 7 },
        sourceUrl: permalink(DEPLOYMENT, 7),
        details: { manager: 'kubectl-edit', time: '2026-11-28T17:03:00Z' },
      },
    ],
    evidence: [
      {
        id: ORIGIN_BUNDLE,
        sources: [{ kind: 'dir', location: 'attestations/shop-origin.sigstore.json' }],
        verified: true,
        identity: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
        predicateType: 'https://trailmark.dev/deployment-origin/v1',
        subjects: [{ name: 'ghcr.io/acme/shop-api', digest: digest('1') }],
        signedAt: '2026-11-27T15:00:00Z',
      },
    ],
    notify: ['@acme/payments', '@acme/platform'],
  };
}

/** An Alertmanager KubePodCrashLooping on a pod that is gone and left nothing to resolve it by. */
export function unresolvedIncident(): Incident {
  return {
    schema: INCIDENT_SCHEMA,
    generatedAt: '2026-11-29T10:02:13.120Z',
    fingerprint: digest('e'),
    alert: {
      format: 'alertmanager',
      source: 'alertmanager',
      rule: 'KubePodCrashLooping',
      priority: 'warning',
      severity: 'medium',
      status: 'firing',
      time: '2026-11-29T09:58:00Z',
      id: 'a3f1c2d4e5b6a7c8',
      message:
        'Pod shop/worker-5d8f9c7b6-abcde (worker) is in waiting state (reason: "CrashLoopBackOff").',
      namespace: 'shop',
      pod: 'worker-5d8f9c7b6-abcde',
      container: 'worker',
      at: { path: 'alerts/alertmanager.json', line: 1 },
    },
    resolution: {
      status: 'unresolved',
      reason:
        'pod shop/worker-5d8f9c7b6-abcde no longer exists and the alert carries no trailmark.dev/origin label or pod-template-hash',
    },
    usedBy: [],
    attribution: 'none',
    appliers: [],
    facts: [],
    images: [],
    secrets: [],
    risks: [],
    findings: [],
    evidence: [],
    notify: [],
  };
}

/** An audit event on a Secret with only claimed annotations, used by a few workloads. */
export function secretIncident(): Incident {
  const base = shellIncident();
  return {
    ...base,
    fingerprint: digest('d'),
    alert: {
      format: 'k8s-audit',
      source: 'k8s-audit',
      rule: 'get secrets',
      severity: 'high',
      time: '2026-11-29T09:40:00.123456Z',
      id: '7c8d9e0f-1a2b-4c3d-8e9f-0a1b2c3d4e5f',
      namespace: 'shop',
      user: 'system:serviceaccount:shop:shop-api',
      object: { kind: 'Secret', namespace: 'shop', name: 'shop-db', resource: 'secrets' },
      at: { path: 'audit.log', line: 17 },
    },
    resolution: { status: 'resolved', via: 'object' },
    workload: undefined,
    pod: undefined,
    object: { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'shop-db' },
    usedBy: [
      { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
      { apiVersion: 'batch/v1', kind: 'CronJob', namespace: 'shop', name: 'db-backup' },
    ],
    attribution: 'claimed',
    origin: { ...base.origin!, verified: false, attestation: undefined },
    facts: [],
    appliers: [],
    images: [],
    serviceAccount: undefined,
    findings: [],
    evidence: [],
  };
}

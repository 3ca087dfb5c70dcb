import { describe, expect, it } from 'vitest';
import type { KubeObject, WorkloadReport } from '@trailmark/core';
import {
  buildIncident,
  resolveAlert,
  type ClusterView,
  type TraceEvidence,
} from '../../src/index.js';
import { managed } from './cluster.js';
import { releaseEvidence, traceEvidence } from './evidence.js';
import { alert, find, podsOf, releaseCluster } from './setup.js';

const NOW = new Date('2024-03-12T09:00:00Z');
const COMMIT = 'ff8db3d2727f1005f452f3648833e2cc2c2d77e4';
const BLOB = `https://github.com/acme/shop/blob/${COMMIT}`;
const RELEASE = releaseEvidence();

function trace(a: ReturnType<typeof alert>, view: ClusterView, evidence: TraceEvidence) {
  return buildIncident({
    alert: a,
    resolution: resolveAlert(a, view, evidence),
    view,
    evidence,
    now: NOW,
  });
}

// Secrets the release references but does not template: one an ExternalSecret owns, one made by
// hand with kubectl (its managedFields say who and when).
const EXTRA: KubeObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'shop-payments-api',
      namespace: 'shop',
      creationTimestamp: '2024-02-01T09:00:00Z',
      ownerReferences: [
        {
          apiVersion: 'external-secrets.io/v1beta1',
          kind: 'ExternalSecret',
          name: 'shop-payments-api',
          uid: 'e1',
          controller: true,
        },
      ],
      managedFields: [managed('external-secrets', 'v1', { 'f:data': {} }, '2024-02-01T09:00:00Z')],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'shop-tls',
      namespace: 'shop',
      creationTimestamp: '2024-02-03T14:20:11Z',
      managedFields: [
        managed('kubectl-create', 'v1', { 'f:data': {}, 'f:type': {} }, '2024-02-03T14:20:11Z'),
      ],
    },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {
      name: 'shop-debug',
      managedFields: [
        managed('kubectl-create', 'rbac.authorization.k8s.io/v1', { 'f:roleRef': {} }),
      ],
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'shop', namespace: 'shop' }],
  },
];

describe('buildIncident: secrets and service accounts', () => {
  const { view } = releaseCluster(EXTRA);
  const evidence = traceEvidence([RELEASE]);

  it('a secret-read alert resolves to the secret’s reference lines and its origin', () => {
    const incident = trace(
      alert({
        format: 'k8s-audit',
        source: 'k8s-audit',
        rule: 'get secrets',
        user: 'system:serviceaccount:shop:shop',
        object: {
          kind: 'secrets',
          resource: 'secrets',
          namespace: 'shop',
          name: 'shop-credentials',
        },
      }),
      view,
      evidence,
    );
    expect(incident.object).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'shop',
      name: 'shop-credentials',
    });
    expect(incident.usedBy.map((r) => r.name)).toEqual(['shop-cart-cleanup', 'shop']);
    const origin = {
      kind: 'template',
      at: { path: 'charts/shop/templates/secret.yaml', line: 2 },
      url: `${BLOB}/charts/shop/templates/secret.yaml#L2`,
      verified: true,
    };
    expect(incident.secrets).toEqual([
      {
        name: 'shop-credentials',
        via: 'env',
        container: 'cart-cleanup',
        at: { path: 'charts/shop/templates/cronjob.yaml', line: 37 },
        url: `${BLOB}/charts/shop/templates/cronjob.yaml#L37`,
        origin,
      },
      {
        name: 'shop-credentials',
        via: 'env',
        container: 'shop',
        at: { path: 'charts/shop/templates/deployment.yaml', line: 51 },
        url: `${BLOB}/charts/shop/templates/deployment.yaml#L51`,
        origin,
      },
    ]);
    expect(incident.attribution).toBe('verified');
    expect(incident.origin?.owners).toEqual(['@acme/shop-team']);
    expect(incident.evidence.map((e) => e.id)).toEqual([RELEASE.id]);
    expect(incident.evidence[0]).not.toHaveProperty('predicate');
    expect(incident.appliers).toEqual([]);
  });

  it('a pod’s secrets: each reference line, and where each Secret comes from', () => {
    const { objects } = releaseCluster(EXTRA);
    const pod = podsOf(objects, 'shop')[0]!;
    const incident = trace(
      alert({
        namespace: 'shop',
        pod: pod.metadata.name,
        fields: { 'fd.name': '/etc/tls/tls.key' },
      }),
      view,
      evidence,
    );
    const byName = Object.fromEntries(incident.secrets.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual([
      'shop-credentials',
      'shop-payments-api',
      'shop-tls',
      'ghcr-pull',
    ]);
    expect(byName['shop-tls']).toMatchObject({
      via: 'volume',
      at: { path: 'charts/shop/templates/deployment.yaml', line: 78 },
      origin: {
        kind: 'manual',
        createdBy: 'kubectl-create',
        time: '2024-02-03T14:20:11Z',
        verified: false,
      },
    });
    expect(byName['shop-payments-api']?.origin).toEqual({
      kind: 'external-secret',
      owner: {
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        namespace: 'shop',
        name: 'shop-payments-api',
      },
      verified: false,
    });
    expect(byName['ghcr-pull']).toMatchObject({
      at: { path: 'charts/shop/values.yaml', line: 12 },
      origin: { kind: 'unknown', verified: false },
    });
    expect(incident.serviceAccount).toMatchObject({
      name: 'shop',
      namespace: 'shop',
      at: { path: 'charts/shop/templates/deployment.yaml', line: 26 },
      automountToken: true,
    });
  });

  it('an audit event on a ServiceAccount lists its workloads and its bindings with their lines', () => {
    const incident = trace(
      alert({
        format: 'k8s-audit',
        source: 'k8s-audit',
        rule: 'create serviceaccounts/token',
        user: 'jane@acme.example',
        object: {
          kind: 'serviceaccounts',
          resource: 'serviceaccounts',
          subresource: 'token',
          namespace: 'shop',
          name: 'shop',
        },
      }),
      view,
      evidence,
    );
    expect(incident.usedBy.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'CronJob/shop-cart-cleanup',
      'Deployment/shop',
    ]);
    expect(incident.serviceAccount).toMatchObject({
      name: 'shop',
      at: { path: 'charts/shop/templates/serviceaccount.yaml', line: 2 },
    });
    expect(incident.serviceAccount?.bindings).toEqual([
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        namespace: 'shop',
        name: 'shop',
        role: { kind: 'Role', namespace: 'shop', name: 'shop' },
        grants: 'get,list,watch configmaps; get secrets (shop-credentials)',
        risky: false,
        at: { path: 'charts/shop/templates/rbac.yaml', line: 18 },
        url: `${BLOB}/charts/shop/templates/rbac.yaml#L18`,
        owners: ['@acme/security', '@acme/shop-team'],
        verified: true,
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        name: 'shop-debug',
        role: { kind: 'ClusterRole', name: 'cluster-admin' },
        grants: 'cluster-admin',
        risky: true,
        owners: [],
        verified: false,
      },
    ]);
    // A token request is not a change of the account: no applier.
    expect(incident.appliers).toEqual([]);
  });
});

describe('buildIncident: workloads', () => {
  it('a pod changed by kubectl edit names the applier (managedFields) and the audit user', () => {
    const { objects, view } = releaseCluster();
    const deployment = find(objects, 'Deployment', 'shop');
    deployment.metadata.managedFields!.push(
      managed(
        'kubectl-edit',
        'apps/v1',
        { 'f:spec': { 'f:template': {} } },
        '2024-03-11T16:02:00Z',
      ),
    );
    // verify's report for it, as evaluate words a DRIFT_MANUAL_CHANGE from that entry.
    const report: WorkloadReport = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop',
      attribution: 'claimed',
      risky: true,
      risks: [],
      containers: [],
      origin: {
        verified: true,
        attestation: RELEASE.id,
        source: { path: 'charts/shop/templates/deployment.yaml', line: 2 },
        repository: 'https://github.com/acme/shop',
        commit: COMMIT,
        owners: ['@acme/payments', '@alice'],
        approvers: ['dana'],
        operator: { id: 'release-bot' },
      },
      findings: [
        {
          code: 'DRIFT_MANUAL_CHANGE',
          severity: 'high',
          fails: true,
          message:
            'Deployment/shop/shop: kubectl-edit (Update) changed the object at 2024-03-11T16:02:00Z',
          details: {
            manager: 'kubectl-edit',
            fields: ['spec.template.spec.containers[name=shop].image'],
            time: '2024-03-11T16:02:00Z',
            operation: ['Update'],
          },
        },
      ],
    };
    const evidence = traceEvidence([RELEASE], [report]);
    const pod = podsOf(objects, 'shop')[0]!;
    const incident = trace(alert({ namespace: 'shop', pod: pod.metadata.name }), view, evidence);
    expect(incident.appliers).toEqual([
      {
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2024-03-11T16:02:00Z',
        fields: ['spec.template.spec.containers[name=shop].image'],
        via: 'managed-fields',
      },
    ]);
    expect(incident.origin?.sourceUrl).toBe(`${BLOB}/charts/shop/templates/deployment.yaml#L2`);
    expect(incident.findings.map((f) => f.code)).toEqual(['DRIFT_MANUAL_CHANGE']);
    expect(incident.notify).toEqual(['@acme/payments', '@alice']);
    const patched = trace(
      alert({
        format: 'k8s-audit',
        source: 'k8s-audit',
        rule: 'patch deployments',
        user: 'jane@acme.example',
        time: '2024-03-11T16:02:00Z',
        object: { kind: 'deployments', resource: 'deployments', namespace: 'shop', name: 'shop' },
      }),
      view,
      evidence,
    );
    expect(patched.appliers.at(-1)).toEqual({
      manager: 'jane@acme.example',
      user: 'jane@acme.example',
      operation: 'patch',
      time: '2024-03-11T16:02:00Z',
      fields: [],
      via: 'audit',
    });
  });

  it('a pod of an external chart names both the chart’s owners and the deployer', () => {
    const { objects, view } = releaseCluster();
    const pod = podsOf(objects, 'shop-redis-master')[0]!;
    const incident = trace(
      alert({ namespace: 'shop', pod: pod.metadata.name }),
      view,
      traceEvidence([RELEASE]),
    );
    expect(incident.origin).toMatchObject({
      verified: true,
      chart: 'redis@18.6.1',
      source: { path: 'charts/shop/Chart.yaml', line: 15 },
      owners: ['@acme/platform', '@bob'],
    });
    expect(incident.deployer).toEqual({
      operator: { id: 'release-bot' },
      repository: 'https://github.com/acme/shop',
      owners: ['@acme/shop-team'],
    });
    expect(incident.notify).toEqual(['@acme/platform', '@bob', '@acme/shop-team']);
    expect(incident.attribution).toBe('verified');
  });

  it('verified and claimed facts differ when annotations were forged', () => {
    const forge = (objects: KubeObject[]) => {
      const deployment = find(objects, 'Deployment', 'shop');
      deployment.metadata.annotations!['trailmark.dev/owners'] = '@mallory';
    };
    const { objects, view } = releaseCluster([], forge);
    const pod = podsOf(objects, 'shop')[0]!;
    const signed = trace(
      alert({ namespace: 'shop', pod: pod.metadata.name }),
      view,
      traceEvidence([RELEASE]),
    );
    // The signed record still says who owns it; the forged claim changes nothing but the verdict.
    expect(signed.attribution).toBe('claimed');
    expect(signed.origin?.owners).toEqual(['@acme/payments', '@alice']);
    expect(signed.facts.find((f) => f.name === 'owners')).toEqual({
      name: 'owners',
      verified: true,
      attestation: RELEASE.id,
    });
    const unsigned = trace(
      alert({ namespace: 'shop', pod: pod.metadata.name }),
      view,
      traceEvidence([]),
    );
    expect(unsigned.attribution).toBe('claimed');
    expect(unsigned.origin?.owners).toEqual(['@mallory']);
    expect(unsigned.facts.filter((f) => f.verified)).toEqual([]);
    expect(unsigned.facts.map((f) => f.name)).toEqual([
      'source',
      'chart',
      'commit',
      'owners',
      'build',
      'image:shop',
      'image:log-shipper',
    ]);
    expect(unsigned.fingerprint).toBe(signed.fingerprint);
  });

  it('images: the running digest, its bundles and the build a verified SLSA provenance names', () => {
    const { objects, view } = releaseCluster();
    const digest = 'sha256:bb1e26db0a077f1912209c76811aca04d503058ee9a34e902f6fb0d67eab8f80';
    const provenance = {
      id: 'sha256:' + '1'.repeat(64),
      sources: [{ kind: 'oci' as const, location: `ghcr.io/acme/shop@${digest}` }],
      verified: true,
      predicateType: 'https://slsa.dev/provenance/v1',
      subjects: [{ name: 'ghcr.io/acme/shop', digest }],
      predicate: {
        buildDefinition: {},
        runDetails: {
          builder: { id: 'https://github.com/actions/runner/github-hosted' },
          metadata: { invocationId: 'https://github.com/acme/shop/actions/runs/41/attempts/1' },
        },
      },
    };
    const incident = trace(
      alert({ namespace: 'shop', pod: podsOf(objects, 'shop')[0]!.metadata.name }),
      view,
      traceEvidence([RELEASE, provenance]),
    );
    expect(incident.images[0]).toEqual({
      container: 'shop',
      image: 'ghcr.io/acme/shop:3.8.1@' + digest,
      digest,
      attestations: [RELEASE.id, provenance.id],
      build: 'https://github.com/acme/shop/actions/runs/41/attempts/1',
    });
    expect(incident.facts.find((f) => f.name === 'image:shop')).toEqual({
      name: 'image:shop',
      verified: true,
      attestation: RELEASE.id,
    });
    expect(incident.evidence.map((e) => e.id)).toEqual([RELEASE.id, provenance.id]);
  });

  it('an unresolved alert is still an incident: attribution none, the reason, a fingerprint of the pod', () => {
    const { view } = releaseCluster();
    const incident = trace(
      alert({ namespace: 'shop', pod: 'shop-7d9f8-abcde' }),
      view,
      traceEvidence([RELEASE]),
    );
    expect(incident).toMatchObject({
      resolution: { status: 'unresolved' },
      attribution: 'none',
      usedBy: [],
      facts: [],
      notify: [],
    });
    expect(incident.resolution.reason).toContain(
      'pod shop/shop-7d9f8-abcde is not in the cluster view',
    );
    expect(incident.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(incident.generatedAt).toBe('2024-03-12T09:00:00.000Z');
  });
});

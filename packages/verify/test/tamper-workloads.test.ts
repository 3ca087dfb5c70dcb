import { describe, expect, it } from 'vitest';
import type { AttestationEvidence, Finding, KubeObject, VerifyReport } from '@trailmark/core';
import { defaultPolicy, evaluate, type VerifyPolicy } from '../src/index.js';
import { deploy, imageIdOf, snapshotOf } from './helpers/cluster.js';
import { bundleEvidence, releaseEvidence, stampedObjects } from './helpers/release.js';
import { flipSignatureByte } from './helpers/tamper.js';

// The workload side of the tamper corpus (issue 11): each case must end in a failing verdict or
// in the specific finding. None may pass.

const NOW = new Date('2024-03-12T09:00:00Z');
const UNATTESTED = `sha256:${'e'.repeat(64)}`;

function verify(
  objects: KubeObject[],
  evidence: AttestationEvidence[] = [releaseEvidence(1)],
  policy: VerifyPolicy = defaultPolicy(),
): VerifyReport {
  return evaluate({ snapshot: snapshotOf(objects), evidence, policy, now: NOW });
}

function find(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.find(
    (o) => o.kind === kind && (name === undefined || o.metadata.name === name),
  );
  if (found === undefined) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
}

function findingsOf(report: VerifyReport, kind: string, name: string): Finding[] {
  return report.workloads.find((w) => w.kind === kind && w.name === name)?.findings ?? [];
}

function codes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

const shopPod = (objects: KubeObject[]): KubeObject =>
  find(
    objects,
    'Pod',
    objects.find(
      (o) =>
        o.kind === 'Pod' &&
        o.metadata.name.startsWith('shop-') &&
        o.metadata.labels?.['app.kubernetes.io/component'] === 'web',
    )?.metadata.name,
  );

describe('tamper: workloads', () => {
  it('forged annotations: ANNOTATIONS_MISMATCH, claimed only, and the risky Deployment fails', () => {
    const cluster = deploy(stampedObjects(1));
    find(cluster, 'Deployment').metadata.annotations!['trailmark.dev/owners'] = '@mallory';
    const report = verify(cluster);
    const findings = findingsOf(report, 'Deployment', 'shop');
    expect(codes(findings)).toEqual(['ANNOTATIONS_MISMATCH', 'RISKY_UNATTRIBUTED']);
    expect(findings[0]?.message).toMatch(
      /annotations on the object do not match .*forged or edited after signing/,
    );
    expect(findings[0]?.source).toEqual({ path: 'charts/shop/templates/deployment.yaml', line: 2 });
    expect(report.workloads[0]?.attribution).toBe('claimed');
    expect(report.verdict).toBe('fail');
  });

  it('forged pod annotations on one pod are found on that pod', () => {
    const cluster = deploy(stampedObjects(1));
    const pod = shopPod(cluster);
    pod.metadata.annotations!['trailmark.dev/source'] = 'charts/other.yaml#L1';
    const findings = findingsOf(verify(cluster), 'Deployment', 'shop');
    expect(findings.find((f) => f.code === 'ANNOTATIONS_MISMATCH')).toMatchObject({
      pod: pod.metadata.name,
    });
  });

  it('stale annotations from an older release: mismatch naming that release commit', () => {
    const cluster = deploy(stampedObjects(2));
    const old = find(stampedObjects(1), 'Deployment');
    find(cluster, 'Deployment').metadata.annotations = old.metadata.annotations;
    const report = verify(cluster, [releaseEvidence(1), releaseEvidence(2)]);
    const mismatch = findingsOf(report, 'Deployment', 'shop').find(
      (f) => f.code === 'ANNOTATIONS_MISMATCH',
    );
    expect(mismatch?.message).toMatch(
      /commit 8229fec70569477c567fbafafbbfc4c420baef59 .*stale: they match the release of commit ff8db3d2727f1005f452f3648833e2cc2c2d77e4/,
    );
    expect(mismatch?.details?.staleCommit).toBe('ff8db3d2727f1005f452f3648833e2cc2c2d77e4');
    expect(report.verdict).toBe('fail');
  });

  it('image drift: a container runs another digest than the record names', () => {
    const cluster = deploy(stampedObjects(1));
    const pod = shopPod(cluster);
    const status = (pod.status as { containerStatuses: { name: string; imageID: string }[] })
      .containerStatuses;
    status[0]!.imageID = `docker-pullable://ghcr.io/acme/shop@${UNATTESTED}`;
    const findings = findingsOf(verify(cluster), 'Deployment', 'shop');
    const drift = findings.find((f) => f.code === 'DRIFT_IMAGE');
    expect(drift?.message).toMatch(
      /container shop in pod .* runs sha256:eeeeeeeeeeee…, the signed record names sha256:bb1e26db0a07…/,
    );
    expect(drift?.source).toEqual({ path: 'charts/shop/values-prod.yaml', line: 6 });
    expect(codes(findings)).toEqual(['DRIFT_IMAGE', 'RISKY_UNATTRIBUTED', 'UNATTESTED_IMAGE']);
  });

  it('kubectl-edit drift: names the manager, the field and the time', () => {
    const cluster = deploy(stampedObjects(1));
    find(cluster, 'Deployment').metadata.managedFields!.push({
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:template': {
            'f:spec': { 'f:containers': { 'k:{"name":"shop"}': { 'f:image': {} } } },
          },
        },
      },
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2024-03-11T14:02:11Z',
    });
    const report = verify(cluster);
    const drift = findingsOf(report, 'Deployment', 'shop').find(
      (f) => f.code === 'DRIFT_MANUAL_CHANGE',
    );
    expect(drift?.message).toBe(
      'Deployment/shop/shop: kubectl-edit (Update) changed the object at 2024-03-11T14:02:11Z, not a deployer: spec.template.spec.containers[name=shop].image',
    );
    expect(drift?.details).toMatchObject({ manager: 'kubectl-edit', time: '2024-03-11T14:02:11Z' });
    expect(report.verdict).toBe('fail');
  });

  it('unattested init container', () => {
    const cluster = deploy(stampedObjects(1));
    const pod = shopPod(cluster);
    (pod.spec as Record<string, unknown>).initContainers = [
      { name: 'migrate', image: 'ghcr.io/acme/migrate:1' },
    ];
    (pod.status as Record<string, unknown>).initContainerStatuses = [
      {
        name: 'migrate',
        image: 'ghcr.io/acme/migrate:1',
        imageID: `docker-pullable://ghcr.io/acme/migrate@${UNATTESTED}`,
      },
    ];
    const report = verify(cluster);
    const found = findingsOf(report, 'Deployment', 'shop').find(
      (f) => f.code === 'UNATTESTED_IMAGE',
    );
    expect(found).toMatchObject({ container: 'migrate', digest: UNATTESTED });
    expect(found?.message).toMatch(
      /init container migrate in pod .* the subject of no verified attestation/,
    );
    expect(report.verdict).toBe('fail');
  });

  it('unattested ephemeral container (kubectl debug)', () => {
    const cluster = deploy(stampedObjects(1));
    const pod = shopPod(cluster);
    (pod.spec as Record<string, unknown>).ephemeralContainers = [
      { name: 'debugger-x7k2p', image: 'busybox:1.36', targetContainerName: 'shop' },
    ];
    (pod.status as Record<string, unknown>).ephemeralContainerStatuses = [
      {
        name: 'debugger-x7k2p',
        image: 'busybox:1.36',
        imageID: imageIdOf(`docker.io/library/busybox:1.36@${UNATTESTED}`),
      },
    ];
    pod.metadata.managedFields!.push({
      apiVersion: 'v1',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:ephemeralContainers': {
            'k:{"name":"debugger-x7k2p"}': { '.': {}, 'f:image': {}, 'f:name': {} },
          },
        },
      },
      manager: 'kubectl-debug',
      operation: 'Update',
      subresource: 'ephemeralcontainers',
      time: '2024-03-11T15:00:00Z',
    });
    const report = verify(cluster);
    const findings = findingsOf(report, 'Deployment', 'shop');
    expect(findings.find((f) => f.code === 'UNATTESTED_IMAGE')?.message).toMatch(
      /ephemeral container debugger-x7k2p/,
    );
    expect(findings.find((f) => f.code === 'DRIFT_MANUAL_CHANGE')?.message).toMatch(
      /kubectl-debug .* spec\.ephemeralContainers\[name=debugger-x7k2p\]\.image/,
    );
    expect(report.verdict).toBe('fail');
  });

  it('privileged pod without provenance', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'toolbox', namespace: 'shop', uid: 'b1c2' },
      spec: {
        containers: [{ name: 'sh', image: 'alpine:3.19', securityContext: { privileged: true } }],
      },
      status: {
        containerStatuses: [{ name: 'sh', imageID: `docker-pullable://alpine@${UNATTESTED}` }],
      },
    };
    const report = verify([...deploy(stampedObjects(1)), pod]);
    expect(codes(findingsOf(report, 'Pod', 'toolbox'))).toEqual([
      'MISSING_PROVENANCE',
      'RISKY_UNATTRIBUTED',
      'UNATTESTED_IMAGE',
    ]);
    expect(report.workloads[0]?.name).toBe('toolbox');
    expect(report.verdict).toBe('fail');
  });

  it('secret-mounting workload whose origin record is missing (only claimed)', () => {
    const stamped = stampedObjects(1);
    const canary = structuredClone(find(stamped, 'Deployment'));
    canary.metadata.name = 'shop-canary';
    const report = verify(deploy([canary]));
    const findings = findingsOf(report, 'Deployment', 'shop-canary');
    expect(codes(findings)).toEqual(['NO_ORIGIN_RECORD', 'RISKY_UNATTRIBUTED']);
    expect(findings.find((f) => f.code === 'NO_ORIGIN_RECORD')?.message).toMatch(
      /its origin label 530f574839cb45c9 names Deployment\/shop\/shop in a record/,
    );
    // No record: the line is the one the annotations claim.
    expect(findings.find((f) => f.code === 'RISKY_UNATTRIBUTED')?.source).toEqual({
      path: 'charts/shop/templates/deployment.yaml',
      line: 2,
    });
    expect(report.workloads[0]?.attribution).toBe('claimed');
    expect(report.verdict).toBe('fail');
  });

  it('service account bound to cluster-admin without attribution', () => {
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ops-admin' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'cluster-admin',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'ops', namespace: 'shop' }],
    };
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ops-shell', namespace: 'shop' },
      spec: {
        serviceAccountName: 'ops',
        containers: [{ name: 'sh', image: `alpine@${UNATTESTED}` }],
      },
    };
    const report = verify([...deploy(stampedObjects(1)), binding, pod]);
    const workload = report.workloads.find((w) => w.name === 'ops-shell');
    expect(workload?.risks.map((r) => [r.kind, r.risky])).toEqual([
      ['cluster-admin', true],
      ['automount-token', true],
    ]);
    expect(workload?.findings.find((f) => f.code === 'RISKY_UNATTRIBUTED')?.message).toMatch(
      /ClusterRoleBinding\/ops-admin → ClusterRole\/cluster-admin/,
    );
    expect(report.verdict).toBe('fail');
  });

  it('a workload in the record whose pod runs an extra container', () => {
    const cluster = deploy(stampedObjects(1));
    const pod = shopPod(cluster);
    const shipper =
      'ghcr.io/acme/log-shipper:1.2.3@sha256:486e45a908901480089f04c18018033d684a0a647b113ac48f268ae3248ea8ea';
    (pod.spec as { containers: unknown[] }).containers.push({ name: 'exfil', image: shipper });
    (pod.status as { containerStatuses: unknown[] }).containerStatuses.push({
      name: 'exfil',
      imageID: imageIdOf(shipper),
    });
    const report = verify(cluster);
    const drift = findingsOf(report, 'Deployment', 'shop').find((f) => f.code === 'DRIFT_IMAGE');
    expect(drift?.message).toMatch(/container exfil in pod .* is not in the signed record/);
    expect(report.verdict).toBe('fail');
  });

  it('a bundle naming the image whose signature was tampered: SIGNATURE_INVALID', () => {
    const tampered = bundleEvidence(
      'release-1.deployment-origin.sigstore.json',
      undefined,
      flipSignatureByte,
    );
    expect(tampered.verified).toBe(false);
    const report = verify(deploy(stampedObjects(1)), [tampered]);
    const findings = findingsOf(report, 'Deployment', 'shop');
    expect(codes(findings)).toEqual([
      'NO_ORIGIN_RECORD',
      'RISKY_UNATTRIBUTED',
      'SIGNATURE_INVALID',
    ]);
    expect(report.verdict).toBe('fail');
  });

  it('expired exception: EXCEPTION_EXPIRED, and the finding it covered still fails', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'toolbox', namespace: 'shop' },
      spec: { hostNetwork: true, containers: [{ name: 'sh', image: `alpine@${UNATTESTED}` }] },
    };
    const exception = {
      code: 'RISKY_UNATTRIBUTED' as const,
      workload: 'Pod/shop/tool*',
      owner: '@acme/platform',
      reason: 'network debugging',
      at: { path: 'policy.yaml', line: 12 },
    };
    const expired = verify([pod], [], {
      ...defaultPolicy(),
      exceptions: [{ ...exception, expires: '2024-03-11' }],
    });
    const findings = expired.workloads[0]?.findings ?? [];
    expect(findings.find((f) => f.code === 'RISKY_UNATTRIBUTED')).toMatchObject({
      fails: true,
      exception: { expired: true },
    });
    expect(findings.find((f) => f.code === 'EXCEPTION_EXPIRED')).toMatchObject({
      fails: true,
      message:
        'Pod/shop/toolbox: the exception for RISKY_UNATTRIBUTED owned by @acme/platform expired on 2024-03-11 (policy.yaml:12): network debugging',
    });
    expect(expired.verdict).toBe('fail');
    const live = verify([pod], [], {
      ...defaultPolicy(),
      exceptions: [{ ...exception, expires: '2024-03-12' }],
    });
    expect(live.workloads[0]?.findings.find((f) => f.code === 'RISKY_UNATTRIBUTED')).toMatchObject({
      fails: false,
      exception: { expired: false, owner: '@acme/platform' },
    });
    expect(live.verdict).toBe('pass');
  });

  it('a namespace out of scope is not reported', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'kube-proxy-x', namespace: 'kube-system' },
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'p',
            image: 'registry.k8s.io/kube-proxy:v1.29.0',
            securityContext: { privileged: true },
          },
        ],
      },
    };
    const policy = { ...defaultPolicy(), namespaces: { include: ['shop'], exclude: [] } };
    const report = verify([...deploy(stampedObjects(1)), pod], [releaseEvidence(1)], policy);
    expect(report.workloads.map((w) => w.namespace)).not.toContain('kube-system');
    expect(report.verdict).toBe('pass');
    expect(verify([pod]).verdict).toBe('fail');
  });
});

import { describe, expect, it } from 'vitest';
import { readKubeFixture } from '@trailmark/testing';
import type { KubeObject } from '@trailmark/core';
import { ClusterView, resolveAlert } from '../../src/index.js';
import { releaseEvidence, traceEvidence } from './evidence.js';
import { alert, find, podsOf, releaseCluster } from './setup.js';

const evidence = traceEvidence([releaseEvidence()]);

describe('resolveAlert: pods', () => {
  const { objects, view } = releaseCluster();

  it('a live pod resolves through ownerReferences: Pod → ReplicaSet → Deployment', () => {
    const pod = podsOf(objects, 'shop')[0]!;
    const result = resolveAlert(
      alert({ namespace: 'shop', pod: pod.metadata.name }),
      view,
      evidence,
    );
    expect(result).toMatchObject({
      status: 'resolved',
      via: 'owner-references',
      pod: pod.metadata.name,
      workload: { kind: 'Deployment', namespace: 'shop', name: 'shop' },
    });
    expect(result.workload?.uid).toBe(find(objects, 'Deployment', 'shop').metadata.uid);
  });

  it('Pod → Job → CronJob, StatefulSet and DaemonSet pods reach their top workload', () => {
    const top = (owner: string) =>
      resolveAlert(
        alert({ namespace: 'shop', pod: podsOf(objects, owner)[0]!.metadata.name }),
        view,
        evidence,
      ).workload?.kind;
    expect(top('shop-cart-cleanup')).toBe('CronJob');
    expect(top('shop-redis-master')).toBe('StatefulSet');
    expect(top('shop-metrics-exporter')).toBe('DaemonSet');
  });

  it('a recorded bare Pod (no owner) is its own workload', () => {
    const pod = JSON.parse(readKubeFixture('k9s-p1.json')) as KubeObject;
    delete pod.metadata.ownerReferences;
    const bare = new ClusterView({ objects: [pod] });
    const result = resolveAlert(
      alert({ namespace: pod.metadata.namespace, pod: pod.metadata.name }),
      bare,
      evidence,
    );
    expect(result.workload).toMatchObject({ kind: 'Pod', name: pod.metadata.name });
  });

  it('a recorded pod whose ReplicaSet is not in the view stops there and says so', () => {
    const list = JSON.parse(readKubeFixture('kuard-pods-list.json')) as { items: KubeObject[] };
    const result = resolveAlert(
      alert({ namespace: 'default', pod: 'queue-l4dv8' }),
      new ClusterView({ objects: list.items }),
      evidence,
    );
    expect(result.workload).toMatchObject({ kind: 'Pod', name: 'queue-l4dv8' });
    expect(result.reason).toBe('its owner ReplicaSet/queue is not in the cluster view');
  });

  it('audit pods/exec resolves to the pod and its workload', () => {
    const pod = podsOf(objects, 'shop-redis-master')[0]!;
    const result = resolveAlert(
      alert({
        format: 'k8s-audit',
        rule: 'create pods/exec',
        object: {
          kind: 'pods',
          resource: 'pods',
          subresource: 'exec',
          namespace: 'shop',
          name: pod.metadata.name,
        },
      }),
      view,
      evidence,
    );
    expect(result).toMatchObject({ via: 'owner-references', pod: pod.metadata.name });
    expect(result.workload?.name).toBe('shop-redis-master');
  });

  it('a workload named directly resolves to it (deployment/NAME, an audit objectRef)', () => {
    const result = resolveAlert(
      alert({
        format: 'reference',
        object: { kind: 'deployment', namespace: 'shop', name: 'shop' },
      }),
      view,
      evidence,
    );
    expect(result).toMatchObject({
      status: 'resolved',
      via: 'object',
      workload: { kind: 'Deployment', name: 'shop' },
    });
  });
});

describe('resolveAlert: a pod that is gone', () => {
  const { objects, view } = releaseCluster();
  const live = podsOf(objects, 'shop')[0]!;
  const gone = { namespace: 'shop', pod: `${live.metadata.ownerReferences![0]!.name}-zz9qx` };

  it('resolves by its trailmark.dev/origin label through the signed record', () => {
    const result = resolveAlert(
      alert({ ...gone, labels: { 'trailmark.dev/origin': '530f574839cb45c9' } }),
      view,
      evidence,
    );
    expect(result).toMatchObject({
      status: 'resolved',
      via: 'origin-label',
      pod: gone.pod,
      workload: { kind: 'Deployment', namespace: 'shop', name: 'shop' },
    });
  });

  it('resolves by pod-template-hash through the live ReplicaSet', () => {
    const hash = live.metadata.labels!['pod-template-hash']!;
    const result = resolveAlert(
      alert({ ...gone, labels: { 'pod-template-hash': hash } }),
      view,
      evidence,
    );
    expect(result).toMatchObject({
      via: 'pod-template-hash',
      workload: { kind: 'Deployment', name: 'shop' },
    });
  });

  it('is otherwise unresolved, never guessed from the name', () => {
    const result = resolveAlert(alert(gone), view, evidence);
    expect(result.status).toBe('unresolved');
    expect(result.workload).toBeUndefined();
    expect(result.reason).toBe(
      `pod shop/${gone.pod} is not in the cluster view; no trailmark.dev/origin label; no pod-template-hash label`,
    );
    const wrong = resolveAlert(
      alert({
        ...gone,
        labels: { 'trailmark.dev/origin': 'ffffffffffffffff', 'pod-template-hash': '0000000000' },
      }),
      view,
      evidence,
    );
    expect(wrong.status).toBe('unresolved');
  });

  it('an origin label of another namespace does not resolve', () => {
    const result = resolveAlert(
      alert({
        namespace: 'other',
        pod: 'shop-1',
        labels: { 'trailmark.dev/origin': '530f574839cb45c9' },
      }),
      view,
      evidence,
    );
    expect(result.status).toBe('unresolved');
  });
});

describe('resolveAlert: objects and who uses them', () => {
  const { view } = releaseCluster();
  const audit = (resource: string, name: string, namespace?: string) =>
    alert({
      format: 'k8s-audit',
      source: 'k8s-audit',
      rule: `get ${resource}`,
      object: { kind: resource, resource, name, ...(namespace === undefined ? {} : { namespace }) },
    });
  const names = (refs: { kind: string; name: string }[]) => refs.map((r) => `${r.kind}/${r.name}`);

  it('a Secret → the workloads referencing it', () => {
    const result = resolveAlert(audit('secrets', 'shop-credentials', 'shop'), view, evidence);
    expect(result.object).toMatchObject({
      kind: 'Secret',
      namespace: 'shop',
      name: 'shop-credentials',
    });
    expect(names(result.usedBy)).toEqual(['CronJob/shop-cart-cleanup', 'Deployment/shop']);
  });

  it('a ServiceAccount, its Role and RoleBinding → the workloads running as it', () => {
    for (const [resource, name] of [
      ['serviceaccounts', 'shop'],
      ['roles', 'shop'],
      ['rolebindings', 'shop'],
    ] as const) {
      const result = resolveAlert(audit(resource, name, 'shop'), view, evidence);
      expect(result.via).toBe('object');
      expect(names(result.usedBy)).toEqual(['CronJob/shop-cart-cleanup', 'Deployment/shop']);
    }
  });

  it('a recorded ClusterRoleBinding naming only a user is used by no workload', () => {
    const crb = JSON.parse(readKubeFixture('k9s-crb.json')) as KubeObject;
    const result = resolveAlert(
      audit('clusterrolebindings', 'blee'),
      new ClusterView({ objects: [crb] }),
      evidence,
    );
    expect(result).toMatchObject({
      status: 'resolved',
      object: { kind: 'ClusterRoleBinding', name: 'blee' },
      usedBy: [],
    });
  });
});

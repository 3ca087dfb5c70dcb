import { describe, expect, it } from 'vitest';
import type { KubeObject, NormalizedAlert } from '@trailmark/core';
import { ClusterView, buildIncident, resolveAlert, type IncidentMemo } from '../../src/index.js';
import { deploy, stampedObjects } from './cluster.js';
import { releaseEvidence, traceEvidence } from './evidence.js';
import { alert } from './setup.js';

// The memo keeps what an incident says about a workload and pod; the incident must not change.

describe('IncidentMemo', () => {
  const objects = deploy(stampedObjects(), 2);
  const view = new ClusterView({ objects });
  const evidence = traceEvidence([releaseEvidence()]);
  const pods = objects.filter((o): o is KubeObject => o.kind === 'Pod');
  const alerts: NormalizedAlert[] = [
    ...pods.map((pod) => alert({ namespace: pod.metadata.namespace, pod: pod.metadata.name })),
    ...pods.map((pod) =>
      alert({
        format: 'k8s-audit',
        source: 'k8s-audit',
        rule: 'patch pods',
        user: 'jane@acme.example',
        namespace: pod.metadata.namespace,
        object: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name },
      }),
    ),
    alert({ namespace: 'shop', pod: 'gone-7d9f-x2x4q' }),
  ];
  const build = (a: NormalizedAlert, memo?: IncidentMemo) =>
    buildIncident({
      alert: a,
      resolution: resolveAlert(a, view, evidence),
      view,
      evidence,
      now: new Date(0),
      ...(memo === undefined ? {} : { memo }),
    });

  it('gives the same incidents as without it, on first use and on reuse', () => {
    const memo: IncidentMemo = new Map();
    const plain = alerts.map((a) => build(a));
    const first = alerts.map((a) => build(a, memo));
    const again = alerts.map((a) => build(a, memo));
    expect(first).toEqual(plain);
    expect(again).toEqual(plain);
    expect(memo.size).toBeGreaterThan(0);
    expect(memo.size).toBeLessThanOrEqual(pods.length * 2);
  });

  it('keeps alert-specific parts apart: the audit user is an applier only of its own alert', () => {
    const memo: IncidentMemo = new Map();
    const pod = pods[0]!;
    const shell = build(alert({ namespace: pod.metadata.namespace, pod: pod.metadata.name }), memo);
    const patch = build(
      alert({
        format: 'k8s-audit',
        source: 'k8s-audit',
        rule: 'patch pods',
        user: 'jane@acme.example',
        namespace: pod.metadata.namespace,
        object: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name },
      }),
      memo,
    );
    expect(shell.appliers.some((a) => a.via === 'audit')).toBe(false);
    expect(shell.fingerprint).not.toBe(patch.fingerprint);
  });

  it('shares Secret and service-account parts only between pods whose specs name the same ones', () => {
    // Two pods of one workload; the second was changed by hand: another Secret, another account.
    const changed = deploy(stampedObjects(), 2);
    const workloadPods = changed.filter((o): o is KubeObject => o.kind === 'Pod');
    const [same, edited] = workloadPods.filter(
      (pod) =>
        pod.metadata.ownerReferences?.[0]?.name ===
        workloadPods[0]?.metadata.ownerReferences?.[0]?.name,
    );
    if (same === undefined || edited === undefined)
      throw new Error('two pods of one workload expected');
    const spec = edited.spec as { volumes?: unknown[]; serviceAccountName?: string };
    spec.volumes = [...(spec.volumes ?? []), { name: 'extra', secret: { secretName: 'by-hand' } }];
    spec.serviceAccountName = 'by-hand';
    const editedView = new ClusterView({ objects: changed });
    const trace = (pod: KubeObject, m?: IncidentMemo) => {
      const a = alert({ namespace: pod.metadata.namespace, pod: pod.metadata.name });
      return buildIncident({
        alert: a,
        resolution: resolveAlert(a, editedView, evidence),
        view: editedView,
        evidence,
        now: new Date(0),
        ...(m === undefined ? {} : { memo: m }),
      });
    };
    const memo: IncidentMemo = new Map();
    const withMemo = [same, edited, same].map((pod) => trace(pod, memo));
    expect(withMemo).toEqual([same, edited, same].map((pod) => trace(pod)));
    const [a, b] = withMemo;
    expect(b?.secrets.map((t) => t.name)).toContain('by-hand');
    expect(a?.secrets.map((t) => t.name)).not.toContain('by-hand');
    expect([a?.serviceAccount?.name, b?.serviceAccount?.name]).toEqual([
      expect.not.stringMatching(/^by-hand$/),
      'by-hand',
    ]);
    expect(a?.evidence.length).toBeGreaterThan(0);
  });

  it('keeps an origin read from the annotations of each pod with that pod', () => {
    // A workload no record names and verify did not report: what is claimed comes from each
    // pod's annotations, which differ between its pods.
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'claims', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'claims' } },
        template: {
          metadata: { labels: { app: 'claims' } },
          spec: { containers: [{ name: 'claims', image: 'ghcr.io/acme/claims:1.0.0' }] },
        },
      },
    };
    const extra = deploy([deployment], 2);
    const [first, second] = extra.filter((o) => o.kind === 'Pod');
    if (first === undefined || second === undefined) throw new Error('two pods expected');
    first.metadata.annotations = { 'trailmark.dev/owners': '@acme/first' };
    second.metadata.annotations = { 'trailmark.dev/owners': '@acme/second' };
    const claimsView = new ClusterView({ objects: [...objects, ...extra] });
    const shells = [first, second].map((pod) =>
      alert({ namespace: 'shop', pod: pod.metadata.name }),
    );
    const memo: IncidentMemo = new Map();
    const trace = (a: NormalizedAlert, m?: IncidentMemo) =>
      buildIncident({
        alert: a,
        resolution: resolveAlert(a, claimsView, evidence),
        view: claimsView,
        evidence,
        now: new Date(0),
        ...(m === undefined ? {} : { memo: m }),
      });
    const withMemo = shells.map((a) => trace(a, memo));
    expect(withMemo).toEqual(shells.map((a) => trace(a)));
    expect(withMemo.map((i) => [i.workload?.name, i.attribution, i.origin?.owners])).toEqual([
      ['claims', 'claimed', ['@acme/first']],
      ['claims', 'claimed', ['@acme/second']],
    ]);
  });
});

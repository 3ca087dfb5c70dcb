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
});

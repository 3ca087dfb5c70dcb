import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@trailmark/core';
import { ClusterView, buildIncident, resolveAlert } from '../../src/index.js';
import { deploy, stampedObjects } from './cluster.js';
import { releaseEvidence, traceEvidence } from './evidence.js';
import { alert } from './setup.js';

// 10,000 pods (the release's workloads copied into 500 namespaces), then 10,000 alerts: the view
// is built once and every alert costs map reads, never a scan of the objects.

describe('ClusterView at scale', () => {
  it('10,000 pods: built once, 10,000 alerts resolved and enriched quickly', () => {
    const release = deploy(stampedObjects(), 4);
    const objects: KubeObject[] = [];
    for (let n = 0; objects.filter((o) => o.kind === 'Pod').length < 10_000; n++)
      for (const object of release) {
        const copy = structuredClone(object);
        copy.metadata.namespace = `team-${n}`;
        objects.push(copy);
      }
    const pods = objects.filter((o) => o.kind === 'Pod');
    expect(pods.length).toBeGreaterThanOrEqual(10_000);
    const evidence = traceEvidence([releaseEvidence()]);
    const started = performance.now();
    const view = new ClusterView({ objects });
    let resolved = 0;
    for (let i = 0; i < 10_000; i++) {
      const pod = pods[(i * 7919) % pods.length]!;
      const a = alert({ namespace: pod.metadata.namespace, pod: pod.metadata.name });
      const resolution = resolveAlert(a, view, evidence);
      buildIncident({ alert: a, resolution, view, evidence, now: new Date(0) });
      if (resolution.status === 'resolved') resolved++;
    }
    const elapsed = performance.now() - started;
    expect(resolved).toBe(10_000);
    // Generous for a slow CI machine; a scan per alert would take minutes.
    expect(elapsed).toBeLessThan(10_000);
  });
});

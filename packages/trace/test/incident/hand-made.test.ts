import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@trailmark/core';
import { buildIncident, resolveAlert } from '../../src/index.js';
import { managed } from './cluster.js';
import { releaseEvidence, traceEvidence } from './evidence.js';
import { alert, releaseCluster } from './setup.js';

// A pod no pipeline deployed (no record, no trailmark.dev/* annotations): whoever created it by
// hand is named from its managedFields; controllers and release tools are not.

const DEBUG_POD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'debug-shell',
    namespace: 'shop',
    uid: '0b9c1f4e-debug',
    managedFields: [
      managed('kubectl-run', 'v1', { 'f:metadata': {}, 'f:spec': {} }, '2024-03-11T08:12:41Z'),
      managed('kubelet', 'v1', { 'f:status': {} }, '2024-03-11T08:12:45Z'),
    ],
  },
  spec: { containers: [{ name: 'shell', image: 'busybox:1.36' }] },
};

describe('hand-made objects', () => {
  const { view, objects } = releaseCluster([DEBUG_POD]);
  const evidence = traceEvidence([releaseEvidence()]);
  const traced = (namespace: string, pod: string) => {
    const a = alert({ namespace, pod });
    return buildIncident({
      alert: a,
      resolution: resolveAlert(a, view, evidence),
      view,
      evidence,
      now: new Date(0),
    });
  };

  it('a kubectl-run pod names kubectl-run, its time and what it set; not the kubelet', () => {
    const incident = traced('shop', 'debug-shell');
    expect(incident.attribution).toBe('none');
    expect(incident.appliers).toEqual([
      {
        manager: 'kubectl-run',
        operation: 'Update',
        time: '2024-03-11T08:12:41Z',
        fields: ['metadata', 'spec'],
        via: 'managed-fields',
      },
    ]);
  });

  it('a deployed pod gets no creator applier from its helm/controller managers', () => {
    const deployed = objects.find((o) => o.kind === 'Pod' && o.metadata.name !== 'debug-shell');
    expect(deployed).toBeDefined();
    const incident = traced(deployed?.metadata.namespace ?? '', deployed?.metadata.name ?? '');
    expect(incident.appliers).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@trailmark/core';
import { defaultPolicy, evaluate, type VerifyPolicy } from '../src/index.js';
import { deploy, snapshotOf } from './helpers/cluster.js';
import { releaseEvidence, stampedObjects } from './helpers/release.js';

const NOW = new Date('2024-03-12T09:00:00Z');

function run(objects: KubeObject[], policy: VerifyPolicy = defaultPolicy()) {
  return evaluate({
    snapshot: snapshotOf(objects),
    evidence: [releaseEvidence(1)],
    policy,
    now: NOW,
  });
}

describe('evaluate: a release deployed as signed', () => {
  const report = run(deploy(stampedObjects(1)));

  it('attributes every workload, finds nothing and passes', () => {
    expect(report.verdict).toBe('pass');
    expect(report.workloads.map((w) => [`${w.kind}/${w.name}`, w.attribution, w.risky])).toEqual([
      ['CronJob/shop-cart-cleanup', 'verified', true],
      ['DaemonSet/shop-metrics-exporter', 'verified', true],
      ['Deployment/shop', 'verified', true],
      ['StatefulSet/shop-redis-master', 'verified', false],
    ]);
    expect(report.workloads.flatMap((w) => w.findings)).toEqual([]);
  });

  it('names the signed origin of each workload, with the permalink and owners', () => {
    const shop = report.workloads.find((w) => w.kind === 'Deployment');
    expect(shop?.origin).toMatchObject({
      verified: true,
      source: { path: 'charts/shop/templates/deployment.yaml', line: 2 },
      sourceUrl:
        'https://github.com/acme/shop/blob/ff8db3d2727f1005f452f3648833e2cc2c2d77e4/charts/shop/templates/deployment.yaml#L2',
      repository: 'https://github.com/acme/shop',
      commit: 'ff8db3d2727f1005f452f3648833e2cc2c2d77e4',
      chart: 'shop@1.4.2',
      owners: ['@acme/payments', '@alice'],
      approvers: ['dana'],
      environment: 'prod',
      operator: { id: 'release-bot' },
    });
    expect(shop?.containers.every((c) => c.attestations.length === 1)).toBe(true);
  });

  it('counts workloads, pods, containers and attestations; attestations carry no predicate', () => {
    expect(report.summary).toEqual({
      workloads: 4,
      attributed: 4,
      risky: 3,
      pods: 7,
      containers: 9,
      findings: {},
      failing: 0,
      attestations: { total: 1, verified: 1, rejected: 0 },
    });
    expect(report.attestations[0]).not.toHaveProperty('predicate');
    expect(report.cluster).toEqual({
      kind: 'snapshot',
      file: 'cluster.json',
      capturedAt: '2024-03-12T08:00:00Z',
    });
    expect(report.policy).toEqual({ failOn: ['RISKY_UNATTRIBUTED', 'EXCEPTION_EXPIRED'] });
  });

  it('evaluates 5,000 pods over 500 images in well under half a second', () => {
    const objects: KubeObject[] = [];
    for (let w = 0; w < 500; w++) {
      const [deployment, ...children] = deploy([renamed(shopDeployment(), `shop-${w}`)], 10);
      objects.push(deployment!, ...children);
    }
    run(objects); // warm-up: the first call pays for JIT compilation
    const started = performance.now();
    const big = run(objects);
    const elapsed = performance.now() - started;
    expect(big.summary.pods).toBe(5000);
    expect(big.workloads).toHaveLength(500);
    expect(elapsed).toBeLessThan(500);
  });
});

function shopDeployment(): KubeObject {
  const found = stampedObjects(1).find((o) => o.kind === 'Deployment');
  if (found === undefined) throw new Error('no Deployment in release 1');
  return found;
}

function renamed(object: KubeObject, name: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, name } };
}

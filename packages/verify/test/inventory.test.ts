import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@trailmark/core';
import {
  buildInventory,
  defaultPolicy,
  digestOfImageId,
  evaluate,
  fieldPaths,
} from '../src/index.js';
import { deploy, snapshotOf } from './helpers/cluster.js';
import { stampedObjects } from './helpers/release.js';

const K8S = join(import.meta.dirname, 'fixtures', 'k8s');
const read = (file: string): KubeObject =>
  (file.endsWith('.json')
    ? JSON.parse(readFileSync(join(K8S, file), 'utf8'))
    : parse(readFileSync(join(K8S, file), 'utf8'))) as KubeObject;

describe('digestOfImageId', () => {
  it.each([
    [
      'docker-pullable://gcr.io/kuar-demo/kuard-amd64@sha256:bd17153e9a3319f401acc7a27759243f37d422c06cbbf01cb3e1f54bbbfe14f4',
      'sha256:bd17153e9a3319f401acc7a27759243f37d422c06cbbf01cb3e1f54bbbfe14f4',
    ],
    [
      'docker.io/library/alpine@sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c',
      'sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c',
    ],
    [`docker://sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(64)}`],
    [`sha256:${'1'.repeat(64)}`, `sha256:${'1'.repeat(64)}`],
    ['', undefined],
    ['docker-pullable://alpine:3.19', undefined],
  ])('%s → %s', (imageId, digest) => {
    expect(digestOfImageId(imageId)).toBe(digest);
  });
});

describe('buildInventory on real objects', () => {
  it('a kubectl List pod owned by a ReplicaSet missing from the snapshot stops there and says so', () => {
    const list = read('pods-list-kuard.json') as unknown as { items: KubeObject[] };
    const inventory = buildInventory({ objects: list.items });
    expect(
      inventory.workloads.map((w) => [
        w.ref.kind,
        w.ref.name,
        w.missingOwner?.kind,
        w.missingOwner?.name,
      ]),
    ).toEqual([['Pod', 'queue-l4dv8', 'ReplicaSet', 'queue']]);
    expect(inventory.workloads[0]?.containers).toEqual([
      {
        pod: 'queue-l4dv8',
        name: 'queue',
        type: 'container',
        image: 'gcr.io/kuar-demo/kuard-amd64:1',
        digest: 'sha256:bd17153e9a3319f401acc7a27759243f37d422c06cbbf01cb3e1f54bbbfe14f4',
        running: true,
      },
    ]);
  });

  it('a pending container has no digest; a bare Pod is its own workload; a Job without pods is a workload', () => {
    const inventory = buildInventory({
      objects: [
        read('pod-imagepullbackoff.yaml'),
        read('pod-running-restart-never-hook-with-ignore-annotation.yaml'),
        read('job-running.yaml'),
      ],
    });
    const [pending, bare, job] = inventory.workloads;
    expect(pending?.containers[0]).toMatchObject({ running: false });
    expect(pending?.containers[0]).not.toHaveProperty('digest');
    expect(bare?.missingOwner).toBeUndefined();
    expect(bare?.containers[0]?.digest).toBe(
      'sha256:a8560b36e8b8210634f77d9f7f9efd7ffa463e380b75e2e74aff4511df3ef88c',
    );
    expect([job?.ref.kind, job?.pods.length]).toEqual(['Job', 0]);
    expect(inventory.pods).toBe(2);
  });

  it('Pod → ReplicaSet → Deployment and Pod → Job → CronJob reach the top workload', () => {
    const inventory = buildInventory(snapshotOf(deploy(stampedObjects(1), 3)));
    expect(
      inventory.workloads
        .filter((w) => w.pods.length > 0)
        .map((w) => [w.ref.kind, w.ref.name, w.pods.length]),
    ).toEqual([
      ['DaemonSet', 'shop-metrics-exporter', 3],
      ['Deployment', 'shop', 3],
      ['StatefulSet', 'shop-redis-master', 3],
      ['CronJob', 'shop-cart-cleanup', 1],
    ]);
    expect(
      inventory.workloads.some((w) => w.ref.kind === 'ReplicaSet' || w.ref.kind === 'Job'),
    ).toBe(false);
  });

  it('a legacy token Secret at the service-account path is the automounted token, not a secret mount', () => {
    const report = evaluate({
      snapshot: snapshotOf([read('pod-nginx-k9s.json')]),
      evidence: [],
      policy: defaultPolicy(),
      now: new Date('2024-01-01T00:00:00Z'),
    });
    expect(report.workloads[0]?.risks.map((r) => r.kind)).toEqual(['automount-token']);
    expect(report.workloads[0]?.risky).toBe(false);
    expect(report.workloads[0]?.findings.map((f) => f.code)).toEqual([
      'MISSING_PROVENANCE',
      'UNATTESTED_IMAGE',
    ]);
  });
});

describe('managedFields', () => {
  const live = read('live-deployment.yaml');

  it('flattens fieldsV1 to readable paths', () => {
    const argocd = live.metadata.managedFields?.find((entry) => entry.manager === 'argocd');
    expect(fieldPaths(argocd?.fieldsV1)).toContain(
      'spec.template.spec.containers[name=guestbook-ui].image',
    );
    expect(fieldPaths(argocd?.fieldsV1)).toContain(
      'spec.template.spec.containers[name=guestbook-ui].ports[containerPort=80,protocol=TCP].protocol',
    );
  });

  it('a real Deployment: the janitor Apply after the signed deploy is drift; argocd and the controller are not', () => {
    const evidence = {
      id: 'sha256:x',
      sources: [],
      verified: true,
      subjects: [],
      predicateType: 'https://trailmark.dev/deployment-origin/v1',
      signedAt: '2022-01-06T15:00:00Z',
      predicate: {
        approvers: [],
        objects: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'default',
            name: 'kustomize-guestbook-ui',
            origin: 'x',
            owners: [],
            images: [],
            secretRefs: [],
            annotationsDigest:
              'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
          },
        ],
      },
    };
    const report = evaluate({
      snapshot: snapshotOf([live]),
      evidence: [evidence],
      policy: defaultPolicy(),
      now: new Date('2022-01-07T00:00:00Z'),
    });
    const drift = report.workloads[0]?.findings.filter((f) => f.code === 'DRIFT_MANUAL_CHANGE');
    expect(drift?.map((f) => f.message)).toEqual([
      'Deployment/default/kustomize-guestbook-ui: janitor (Apply) changed the object at 2022-01-06T18:21:04Z, after the attested deploy (signed 2022-01-06T15:00:00Z): metadata.annotations.iksm-version',
    ]);
    // Without a signed deploy time, only imperative Updates count: the janitor's Apply does not.
    const untimed = evaluate({
      snapshot: snapshotOf([live]),
      evidence: [withoutTime(evidence)],
      policy: defaultPolicy(),
      now: new Date('2022-01-07T00:00:00Z'),
    });
    expect(untimed.workloads[0]?.findings.filter((f) => f.code === 'DRIFT_MANUAL_CHANGE')).toEqual(
      [],
    );
  });
});

function withoutTime<T extends { signedAt?: string }>(evidence: T): Omit<T, 'signedAt'> {
  const copy: Partial<T> = { ...evidence };
  delete copy.signedAt;
  return copy as Omit<T, 'signedAt'>;
}

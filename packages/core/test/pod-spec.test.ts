import { describe, expect, it } from 'vitest';
import {
  containerImages,
  podSpecOf,
  podTemplatePath,
  secretUses,
  serviceAccountOf,
} from '@trailmark/core';

// A CronJob as `kubectl get -o json` would give it (trimmed to the pod spec's reference fields).
const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'cleanup', namespace: 'shop' },
  spec: {
    schedule: '0 * * * *',
    jobTemplate: {
      spec: {
        template: {
          metadata: { labels: { app: 'cleanup' } },
          spec: {
            serviceAccountName: 'cleanup',
            imagePullSecrets: [{ name: 'ghcr-pull' }],
            initContainers: [{ name: 'migrate', image: 'ghcr.io/acme/migrate:1' }],
            containers: [
              {
                name: 'main',
                image: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64),
                env: [
                  { name: 'PLAIN', value: 'x' },
                  { name: 'DB', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
                ],
                envFrom: [{ secretRef: { name: 'shop-env' } }, { configMapRef: { name: 'cm' } }],
              },
              { name: 'no-image' },
            ],
            ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
            volumes: [
              { name: 'tls', secret: { secretName: 'shop-tls' } },
              { name: 'all', projected: { sources: [{ secret: { name: 'shop-projected' } }] } },
              { name: 'cfg', configMap: { name: 'cm' } },
            ],
          },
        },
      },
    },
  },
};

describe('pod-spec walkers', () => {
  it('finds the pod template of every workload kind and of bare Pods', () => {
    expect(podTemplatePath('Deployment')).toEqual(['spec', 'template']);
    expect(podTemplatePath('Job')).toEqual(['spec', 'template']);
    expect(podTemplatePath('CronJob')).toEqual(['spec', 'jobTemplate', 'spec', 'template']);
    expect(podTemplatePath('Service')).toBeUndefined();
    expect(podSpecOf('Pod', { spec: { containers: [] } })).toEqual({ containers: [] });
    expect(podSpecOf('ConfigMap', { data: {} })).toBeUndefined();
  });

  it('lists images of init, regular and ephemeral containers in that order', () => {
    const spec = podSpecOf('CronJob', cronJob) ?? {};
    expect(containerImages(spec)).toEqual([
      { container: 'migrate', image: 'ghcr.io/acme/migrate:1' },
      { container: 'main', image: 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64) },
      { container: 'debug', image: 'busybox' },
    ]);
  });

  it('names every Secret reference and how it is used, never a value', () => {
    const spec = podSpecOf('CronJob', cronJob) ?? {};
    expect(secretUses(spec)).toEqual([
      { name: 'db', via: 'env', container: 'main' },
      { name: 'shop-env', via: 'envFrom', container: 'main' },
      { name: 'shop-tls', via: 'volume', container: undefined },
      { name: 'shop-projected', via: 'projected', container: undefined },
      { name: 'ghcr-pull', via: 'imagePullSecrets', container: undefined },
    ]);
    expect(serviceAccountOf(spec)).toBe('cleanup');
  });

  it('reads the deprecated serviceAccount field and ignores malformed shapes', () => {
    expect(serviceAccountOf({ serviceAccount: 'legacy' })).toBe('legacy');
    expect(serviceAccountOf({ serviceAccountName: '' })).toBeUndefined();
    const broken = { containers: 'x', volumes: [null, 7, { secret: 'x' }], imagePullSecrets: {} };
    expect(containerImages(broken)).toEqual([]);
    expect(secretUses(broken)).toEqual([]);
    expect(podSpecOf('Deployment', { spec: { template: null } })).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@trailmark/core';
import { defaultPolicy, evaluate } from '../src/index.js';
import { snapshotOf } from './helpers/cluster.js';

const pod = (name: string, serviceAccountName: string, automount?: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ci' },
  spec: {
    serviceAccountName,
    ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    containers: [{ name: 'c', image: 'alpine:3' }],
  },
});

const wildcardRole: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'everything', namespace: 'ci' },
  rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
};
const secretReader: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'secret-reader' },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
};
const binding = (
  kind: string,
  name: string,
  roleKind: string,
  role: string,
  subject: Record<string, string>,
): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(kind === 'RoleBinding' ? { namespace: 'ci' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
  subjects: [subject],
});

function risksOf(objects: KubeObject[]) {
  const report = evaluate({
    snapshot: snapshotOf(objects),
    evidence: [],
    policy: defaultPolicy(),
    now: new Date('2024-01-01T00:00:00Z'),
  });
  return Object.fromEntries(
    report.workloads.map((w) => [w.name, w.risks.map((r) => `${r.kind}${r.risky ? '!' : ''}`)]),
  );
}

describe('RBAC risk', () => {
  it('wildcard Role via RoleBinding, Secret reads via ClusterRoleBinding to a group, automount off', () => {
    const crb = JSON.parse(
      readFileSync(
        join(import.meta.dirname, 'fixtures', 'k8s', 'clusterrolebinding-k9s.json'),
        'utf8',
      ),
    ) as KubeObject;
    expect(
      risksOf([
        wildcardRole,
        secretReader,
        crb, // binds a User: gives no service account anything
        binding('RoleBinding', 'builder-all', 'Role', 'everything', {
          kind: 'ServiceAccount',
          name: 'builder',
        }),
        binding('ClusterRoleBinding', 'ci-secrets', 'ClusterRole', 'secret-reader', {
          kind: 'Group',
          name: 'system:serviceaccounts:ci',
        }),
        pod('build', 'builder'),
        pod('other', 'default', false),
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'plain', namespace: 'prod' },
          spec: { containers: [{ name: 'c', image: 'a' }] },
        },
      ]),
    ).toEqual({
      build: ['wildcard-rbac!', 'wildcard-rbac!', 'automount-token!'],
      other: ['wildcard-rbac!'],
      plain: ['automount-token'],
    });
  });

  it('each pod-spec risk fact', () => {
    const spec = {
      hostPID: true,
      hostIPC: true,
      volumes: [
        { name: 'creds', secret: { secretName: 'db' } },
        {
          name: 'bundle',
          projected: {
            sources: [
              { secret: { name: 'tls' } },
              { serviceAccountToken: { audience: 'vault', path: 't' } },
            ],
          },
        },
        { name: 'docker', hostPath: { path: '/var/run/docker.sock' } },
      ],
      containers: [
        {
          name: 'c',
          image: 'a',
          env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }],
          envFrom: [{ secretRef: { name: 'api' } }],
          securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'CHOWN'] } },
        },
      ],
    };
    expect(
      risksOf([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' }, spec }]),
    ).toEqual({
      p: [
        'secret-volume!',
        'projected-secret!',
        'projected-token!',
        'host-path!',
        'secret-env!',
        'secret-env-from!',
        'privileged!',
        'added-capabilities!',
        'host-pid!',
        'host-ipc!',
        'automount-token',
      ],
    });
  });
});

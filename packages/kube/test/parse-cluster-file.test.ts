import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createSchemaValidator, isTrailmarkError } from '@trailmark/core';
import { REPO_ROOT, readKubeFixture } from '@trailmark/testing';
import { parseClusterFile, toSnapshotJson } from '@trailmark/kube';

const validateSnapshot = createSchemaValidator(
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas', 'cluster-snapshot.v1.schema.json'), 'utf8'),
  ) as object,
);

// The eight base64 values of the recorded Secret, and what they decode to.
const SECRET_VALUES = Object.values(
  (JSON.parse(readKubeFixture('k9s-secret.json')) as { data: Record<string, string> }).data,
);
const DECODED = SECRET_VALUES.map((value) => Buffer.from(value, 'base64').toString('utf8'));

function keysOf(text: string, file = 'in.json'): string[] {
  return parseClusterFile(text, file).objects.map(
    (object) => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
  );
}

function parseFailure(
  text: string,
  file: string,
): { message: string; code: string; line?: number } {
  try {
    parseClusterFile(text, file, { validateSnapshot });
  } catch (error) {
    if (!isTrailmarkError(error)) throw error;
    return { message: error.message, code: error.code, line: error.location?.line };
  }
  throw new Error('expected a parse failure');
}

describe('parseClusterFile', () => {
  it('reads the recorded `kubectl get pods -o json` List', () => {
    const snapshot = parseClusterFile(readKubeFixture('kuard-pods-list.json'), 'pods.json');
    expect(snapshot.source).toEqual({ kind: 'kubectl-list', file: 'pods.json' });
    expect(snapshot.objects.map((object) => object.metadata.name)).toEqual(['queue-l4dv8']);
    expect(snapshot.objects[0]?.metadata.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    // kubectl's default output: no managedFields, so manual changes cannot be seen — said once.
    expect(snapshot.notes).toEqual([
      '1 of 1 workload objects and pods carry no metadata.managedFields (kubectl leaves them out unless --show-managed-fields): changes made by hand (kubectl edit, patch) cannot be seen; use `kubectl get … --show-managed-fields -o json` or `trailmark snapshot`',
    ]);
  });

  it('has no managedFields note when every workload and pod carries them', () => {
    const pod = JSON.parse(readKubeFixture('k9s-p1.json')) as {
      metadata: Record<string, unknown>;
    };
    pod.metadata.managedFields = [
      { manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1' },
    ];
    const snapshot = parseClusterFile(JSON.stringify(pod), 'pod.json');
    expect(snapshot.notes).toBeUndefined();
  });

  it('reads the same List printed as YAML (`-o yaml`)', () => {
    const json = readKubeFixture('kuard-pods-list.json');
    const yaml = stringify(JSON.parse(json));
    expect(parseClusterFile(yaml, 'pods.yaml').objects).toEqual(
      parseClusterFile(json, 'pods.json').objects,
    );
  });

  it('reads a YAML stream of objects, keeps snapshot kinds and notes the rest', () => {
    const names = [
      'argo-cd-live-deployment.yaml',
      'argo-cd-pod-running-restart-always.yaml',
      'argo-cd-health-daemonset-ondelete.yaml',
      'argo-cd-health-statefulset.yaml',
      'argo-cd-health-job-running.yaml',
      'argo-cd-health-svc-clusterip.yaml',
    ];
    const text = names.map(readKubeFixture).join('\n---\n');
    const snapshot = parseClusterFile(text, 'objects.yaml');
    expect(keysOf(text, 'objects.yaml')).toEqual([
      'Pod/argocd/my-pod',
      'Deployment/default/kustomize-guestbook-ui',
      'StatefulSet/default/redis-master',
      'DaemonSet/kube-system/fluentd-elasticsearch',
      'Job/argoci-workflows/succeed',
    ]);
    expect(snapshot.notes?.[0]).toBe('skipped 1 object of kinds verify does not read: Service ×1');
    expect(snapshot.notes?.[1]).toMatch(
      /^4 of 5 workload objects and pods carry no metadata\.managedFields/,
    );
  });

  it('fills in kind and apiVersion of a typed list as the API server sends it', () => {
    const pod = JSON.parse(readKubeFixture('k9s-p1.json')) as Record<string, unknown>;
    const item = Object.fromEntries(
      Object.entries(pod).filter(([key]) => key !== 'kind' && key !== 'apiVersion'),
    );
    const list = { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [item] };
    const [object] = parseClusterFile(JSON.stringify(list), 'podlist.json').objects;
    expect(object?.kind).toBe('Pod');
    expect(object?.apiVersion).toBe('v1');
    expect(object?.metadata.name).toBe('nginx-7fb78fb6d8-2w75j');
  });

  it('drops Secret data: no value, encoded or decoded, survives parsing or writing', () => {
    const secret = JSON.parse(readKubeFixture('k9s-secret.json')) as Record<string, unknown>;
    const planted = { ...secret, stringData: { password: 'planted-hunter2-value' } };
    const list = {
      kind: 'List',
      apiVersion: 'v1',
      items: [planted, JSON.parse(readKubeFixture('k9s-crb.json'))],
    };
    const snapshot = parseClusterFile(stringify(list), 'secrets.yaml');
    const written = toSnapshotJson(snapshot);
    for (const value of [...SECRET_VALUES, ...DECODED, 'planted-hunter2-value']) {
      expect(JSON.stringify(snapshot)).not.toContain(value);
      expect(written).not.toContain(value);
    }
    const kept = snapshot.objects.find((object) => object.kind === 'Secret');
    expect(kept?.type).toBe('bootstrap.kubernetes.io/token');
    expect(kept?.metadata.name).toBe('bootstrap-token-abcdef');
  });

  it('round-trips through toSnapshotJson, and the written file validates against the schema', () => {
    const objects = [
      readKubeFixture('k9s-p1.json'),
      readKubeFixture('k9s-crb.json'),
      readKubeFixture('k9s-secret.json'),
    ].map((text) => JSON.parse(text) as unknown);
    const first = parseClusterFile(
      JSON.stringify({ kind: 'List', apiVersion: 'v1', items: objects }),
      'l.json',
    );
    const written = toSnapshotJson({ ...first, capturedAt: '2026-01-02T03:04:05Z' });
    expect(validateSnapshot(JSON.parse(written))).toEqual([]);
    const again = parseClusterFile(written, 'snap.json', { validateSnapshot });
    expect(again.objects).toEqual(first.objects);
    expect(again.source).toEqual({ kind: 'snapshot', file: 'snap.json' });
    expect(again.capturedAt).toBe('2026-01-02T03:04:05Z');
    expect(toSnapshotJson({ ...again, source: first.source })).toBe(written);
  });

  it('skips other kinds with a note instead of failing', () => {
    const text = JSON.stringify({
      kind: 'List',
      apiVersion: 'v1',
      items: [
        JSON.parse(readKubeFixture('k9s-dr.json')),
        JSON.parse(readKubeFixture('k9s-p1.json')),
      ],
    });
    const snapshot = parseClusterFile(text, 'all.json');
    expect(snapshot.objects.map((object) => object.kind)).toEqual(['Pod']);
    expect(snapshot.notes?.[0]).toBe(
      'skipped 1 object of kinds verify does not read: CustomResourceDefinition ×1',
    );
  });
});

describe('parseClusterFile on bad input', () => {
  it('names file:line of a JSON syntax error', () => {
    const text = '{\n  "kind": "List",\n  "items": [\n    {"a": 1,}\n  ]\n}\n';
    const failure = parseFailure(text, 'bad.json');
    expect(failure.code).toBe('KUBE_PARSE');
    expect(failure.line).toBe(4);
    expect(failure.message).toMatch(/^bad\.json:4: invalid JSON: /);
  });

  it('names file:line of a truncated JSON file', () => {
    const failure = parseFailure('{\n  "kind": "List",\n  "items": [\n', 'cut.json');
    expect(failure.message).toMatch(/^cut\.json:3: invalid JSON/);
  });

  it('names file:line of a YAML syntax error', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    metadata: {name: [x\n';
    const failure = parseFailure(text, 'bad.yaml');
    expect(failure.code).toBe('KUBE_PARSE');
    expect(failure.message).toMatch(/^bad\.yaml:\d+: invalid YAML: /);
    expect(failure.line).toBeGreaterThanOrEqual(5);
  });

  it('does not quote a Secret value around a syntax error', () => {
    const text = `{"kind": "Secret", "data": {"k": "${SECRET_VALUES[0] ?? ''}" "x": 1}}`;
    const failure = parseFailure(text, 'secret.json');
    expect(failure.message).toMatch(/^secret\.json:1: invalid JSON/);
    expect(failure.message).not.toContain(SECRET_VALUES[0]);
  });

  it('names the item that is not a Kubernetes object', () => {
    const text = JSON.stringify({
      kind: 'List',
      apiVersion: 'v1',
      items: [{ kind: 'Pod', apiVersion: 'v1', metadata: {} }],
    });
    const failure = parseFailure(text, 'list.json');
    expect(failure.message).toBe(
      'list.json:1: not a Kubernetes object (items[0]): no metadata.name',
    );
  });

  it('refuses an unknown schema and a snapshot that breaks the schema', () => {
    expect(parseFailure('{"schema": "https://example.com/x"}', 's.json').message).toMatch(
      /^s\.json:1: unknown schema "https:\/\/example\.com\/x"/,
    );
    const bad = {
      schema: 'https://trailmark.dev/cluster-snapshot/v1',
      source: { kind: 'cluster' },
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 's', namespace: 'd' },
          data: { k: 'dg==' },
        },
      ],
    };
    const failure = parseFailure(JSON.stringify(bad), 'snap.json');
    expect(failure.message).toMatch(
      /^snap\.json:1: not a valid cluster snapshot: \/objects\/0\/data /,
    );
  });

  it('refuses an empty file', () => {
    expect(parseFailure('  \n', 'empty.json').message).toBe('empty.json:1: the file is empty');
  });
});

describe('parseClusterFile JSON error lines without a position from V8', () => {
  it.each([
    ['{\n  "kind": "List",\n  "items": [,]\n}\n', 3],
    ['[\n1,\n2,]', 3],
    ['{\n"a": 1,\n"b": tru e\n}', 3],
    ['{\n"a": 1\n}\n}', 4],
  ])('%j fails on line %i', (text, line) => {
    expect(() => parseClusterFile(text, 'f.json')).toThrow(
      new RegExp(`^f\\.json:${line}: invalid JSON`),
    );
  });
});

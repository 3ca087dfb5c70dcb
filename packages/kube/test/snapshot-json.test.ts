import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchemaValidator } from '@trailmark/core';
import {
  REPO_ROOT,
  createTempDir,
  golden,
  startFakeKube,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';
import { createClusterReader, parseClusterFile, toSnapshotJson } from '@trailmark/kube';

const GOLDENS = new URL('goldens/', import.meta.url);
const validate = createSchemaValidator(
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas/cluster-snapshot.v1.schema.json'), 'utf8'),
  ) as object,
);

let fake: FakeKube;
let dir: TempDir;

beforeAll(async () => {
  fake = await startFakeKube();
  dir = await createTempDir();
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

describe('toSnapshotJson', () => {
  it('writes the recorded cluster byte for byte as the golden, which validates against the schema', async () => {
    const path = join(dir.path, 'kubeconfig.yaml');
    writeFileSync(path, fake.kubeconfig());
    const read = await createClusterReader({
      kubeconfigPaths: [path],
      pageSize: 2,
      now: () => new Date('2026-01-02T03:04:05Z'),
    }).read();
    // The fake listens on a random port and stamps its own resourceVersions: the golden holds a
    // fixed server and the objects as recorded.
    const stable = {
      ...read,
      source: { ...read.source, server: 'https://127.0.0.1:6443' },
      objects: read.objects.map((object) => ({
        ...object,
        metadata: { ...object.metadata, resourceVersion: undefined },
      })),
    };
    const actual = toSnapshotJson(stable);
    expect(actual).toBe(golden(new URL('recorded-cluster.snapshot.json', GOLDENS), actual));
    expect(validate(JSON.parse(actual))).toEqual([]);
    // Reading it back and writing it again changes nothing but the source.
    const again = parseClusterFile(actual, 'recorded.json', { validateSnapshot: validate });
    expect(toSnapshotJson({ ...again, source: stable.source })).toBe(actual);
  });

  it('gives the same bytes whatever order the objects came in', () => {
    const text = readFileSync(new URL('recorded-cluster.snapshot.json', GOLDENS), 'utf8');
    const snapshot = parseClusterFile(text, 'r.json');
    const reversed = { ...snapshot, objects: [...snapshot.objects].reverse() };
    expect(toSnapshotJson(reversed)).toBe(toSnapshotJson(snapshot));
  });
});

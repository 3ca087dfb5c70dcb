import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaValidator } from '@trailmark/trailmark';
import {
  KUBE_FIXTURES_DIR,
  createTempDir,
  runTrailmark,
  startFakeKube,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';

const PLANTED = 'e2e-planted-secret-value-91c2';

describe('trailmark snapshot against the fake Kubernetes API', () => {
  let fake: FakeKube;
  let dir: TempDir;
  beforeAll(async () => {
    fake = await startFakeKube();
    fake.add({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'db', namespace: 'shop' },
      data: { password: Buffer.from(PLANTED).toString('base64') },
      stringData: { password: PLANTED },
    });
    dir = await createTempDir('trailmark-snapshot-');
    writeFileSync(join(dir.path, 'kubeconfig.yaml'), fake.kubeconfig());
  });
  afterAll(async () => {
    await fake.close();
    await dir.cleanup();
  });
  const run = (args: string[], env: Record<string, string> = {}) =>
    runTrailmark(['snapshot', ...args], { cwd: dir.path, env: { KUBECONFIG: '', ...env } });

  it('writes a schema-valid snapshot with no Secret value anywhere', async () => {
    const result = await run(['--kubeconfig', 'kubeconfig.yaml', '-o', 'out/cluster.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      `trailmark: snapshot of 10 objects from context fake (${fake.url}) written to out/cluster.json\n`,
    );
    const text = readFileSync(join(dir.path, 'out/cluster.json'), 'utf8');
    const document = JSON.parse(text) as {
      objects: { kind: string; metadata: { name: string } }[];
    };
    expect(schemaValidator('cluster-snapshot.v1')(document)).toEqual([]);
    expect(document.objects.map((object) => object.kind)).toContain('Secret');
    const base64 = Buffer.from(PLANTED).toString('base64');
    for (const output of [text, result.stdout, result.stderr]) {
      expect(output).not.toContain(PLANTED);
      expect(output).not.toContain(base64);
      expect(output).not.toContain(fake.token);
    }
  });

  it('reads KUBECONFIG when no --kubeconfig is given, and lists the kinds with --verbose', async () => {
    const result = await run(['-o', 'k.json', '--verbose'], {
      KUBECONFIG: join(dir.path, 'kubeconfig.yaml'),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('trailmark: detail: Pod: 3\n');
    expect(result.stderr).toContain('trailmark: detail: Secret: 2\n');
  });

  it('exits 3 naming the missing RBAC rule when the API server forbids a list', async () => {
    fake.fail('/api/v1/secrets', { status: 403 });
    const result = await run(['--kubeconfig', 'kubeconfig.yaml', '-o', 'forbidden.json']);
    fake.clearFailures();
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `trailmark: error: ${fake.url} forbids list secrets (HTTP 403): the identity needs a ClusterRole rule with verbs [list] on resources [secrets] in apiGroups [""]`,
    );
    expect(existsSync(join(dir.path, 'forbidden.json'))).toBe(false);
  });

  it('exits 2 on a context the kubeconfig does not have', async () => {
    const result = await run([
      '--kubeconfig',
      'kubeconfig.yaml',
      '--context',
      'prod',
      '-o',
      'x.json',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `trailmark: error: ${join(dir.path, 'kubeconfig.yaml')}: no context "prod" (contexts: fake)\n`,
    );
  });

  it('exits 3 when the token is refused, without printing it', async () => {
    writeFileSync(join(dir.path, 'bad.yaml'), fake.kubeconfig({ token: 'refused-token-0b7d' }));
    const result = await run(['--kubeconfig', 'bad.yaml', '-o', 'x.json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('rejected the credentials (HTTP 401)');
    expect(result.stderr).not.toContain('refused-token-0b7d');
  });

  it('converts kubectl output (--from) and exits 2 on a malformed one, naming file:line', async () => {
    const ok = await run([
      '--from',
      join(KUBE_FIXTURES_DIR, 'kuard-pods-list.json'),
      '-o',
      'kuard.json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const document = JSON.parse(readFileSync(join(dir.path, 'kuard.json'), 'utf8')) as unknown;
    expect(schemaValidator('cluster-snapshot.v1')(document)).toEqual([]);
    writeFileSync(join(dir.path, 'broken.json'), '{\n  "kind": "List",\n  "items": [,]\n}\n');
    const bad = await run(['--from', 'broken.json', '-o', 'never.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^trailmark: error: broken\.json:3: invalid JSON: /);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempDir,
  startFakeGithub,
  startFakeKube,
  type FakeGithub,
  type FakeKube,
  type TempDir,
} from '@trailmark/testing';
import { alertMarkers, burstAlert, burstJobId } from './lib/serve-burst.js';
import { eventually, postAlerts, startServe, type ServeProcess } from './serve-process.js';
import { prepareRelease, readSnapshot, type Release } from './verify-release.js';

// serve against the (fake) Kubernetes API, list + watch: once ready, a new pod of the shop
// Deployment appears while the watch is down — the streams are dropped, the pod is created, the
// history compacted so resuming gets 410 Gone, and listing pods fails for a while. Alerts about
// the new pod that arrive meanwhile are accepted (202: the view stays ready, on its last state)
// and traced again once the view caught up; alerts after it resolve at once. Every one is
// escalated resolved — its issue names the Deployment's source line — and the relist is seen.

const TOKEN = 'watch-token-93b2';
const PREFIX = 'watch';
const REPO = 'acme/shop';
const NEW_POD = 'shop-ddcadafddd-zq7kx';
let dir: TempDir;
let release: Release;
let github: FakeGithub;
let kube: FakeKube;
let server: ServeProcess | undefined;
const auth = { authorization: `Bearer ${TOKEN}` };
const jobIdOf = (n: number): string => burstJobId(PREFIX, n);
type Obj = { kind: string; metadata: { name: string; uid?: string } } & Record<string, unknown>;

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-watch-');
  release = await prepareRelease(dir.path);
  kube = await startFakeKube({
    objects: readSnapshot(join(release.repo, release.tampered)).objects,
  });
  writeFileSync(join(release.repo, 'kubeconfig.yaml'), kube.kubeconfig());
  writeFileSync(join(release.repo, 'token'), TOKEN);
  github = await startFakeGithub();
}, 180_000);
afterAll(async () => {
  if (server !== undefined && server.child.exitCode === null) await server.stop('SIGKILL');
  await github.stop();
  await kube.close();
  await dir.cleanup();
});

/** A pod the ReplicaSet of the shop Deployment started after serve listed the cluster. */
function newPod(): Obj {
  const objects = readSnapshot(join(release.repo, release.tampered)).objects as Obj[];
  const model = objects.find(
    (o) => o.kind === 'Pod' && o.metadata.name.startsWith('shop-ddcadafddd-'),
  );
  if (model === undefined) throw new Error('no shop pod in the snapshot');
  const copy = structuredClone(model);
  copy.metadata = { ...copy.metadata, name: NEW_POD, uid: '0b6f2c4e-7a1d-4e8b-9c3f-5d2a1e0f7b6c' };
  return copy;
}

const readyz = async (url: string): Promise<{ status: number; viewVersion: number }> => {
  const answer = await fetch(`${url}/readyz`);
  const body = (await answer.json()) as { viewVersion: number };
  return { status: answer.status, viewVersion: body.viewVersion };
};
const podLists = (): number =>
  kube.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === undefined).length;

describe('trailmark serve: the watch dropped, 410 Gone, a relist that fails for a while', () => {
  it('alerts on a pod created meanwhile are escalated resolved, none lost', async () => {
    server = await startServe(
      [
        ...['--token-file', 'token', '--kubeconfig', 'kubeconfig.yaml'],
        ...['--bundles', release.bundles, '--key', release.publicKey],
        ...['--escalate', 'github', '--store', 'sqlite:watch.db', '--workers', '2'],
      ],
      release.repo,
      { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url },
    );
    const { url } = server;
    const before = await readyz(url);
    expect(before.status).toBe(200);
    const listsBefore = podLists();

    // The pod appears while no watch is open, and the history that would replay it is gone.
    kube.fail('/api/v1/pods', { status: 500 });
    kube.endWatches('end');
    kube.add(newPod());
    kube.compact();

    const during: number[] = [];
    for (let n = 0; n < 6; n++) {
      const answer = await postAlerts(url, burstAlert(PREFIX, n, NEW_POD), auth);
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      during.push(n);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Still not listed: the alerts so far were traced without the pod.
    expect(podLists()).toBe(listsBefore);
    expect((await readyz(url)).status).toBe(200);
    kube.clearFailures();

    await eventually(() => podLists() > listsBefore, 60_000, 200);
    await eventually(() => alertMarkers(github, REPO).size >= during.length, 60_000, 250);
    await eventually(async () => (await readyz(url)).viewVersion > before.viewVersion);
    for (let n = 6; n < 9; n++) {
      const answer = await postAlerts(url, burstAlert(PREFIX, n, NEW_POD), auth);
      expect(answer.status).toBe(202);
    }
    await eventually(() => alertMarkers(github, REPO).size >= 9, 30_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const seen = alertMarkers(github, REPO);
    for (let n = 0; n < 9; n++) expect(seen.get(jobIdOf(n)), `alert ${String(n)}`).toBe(1);
    expect(seen.size).toBe(9);
    const issues = github.issues(REPO);
    expect(issues).toHaveLength(3);
    for (const issue of issues) {
      expect(issue.body).toContain('charts/shop/templates/deployment.yaml#L2');
      expect(issue.body).toContain(NEW_POD);
    }
    const ready = await readyz(url);
    expect(ready.status).toBe(200);
    expect(ready.viewVersion).toBeGreaterThan(before.viewVersion);
    const log = server.stderr();
    expect(log).toContain('resolved once the view caught up');
    expect(log).toMatch(/"level":40[^\n]*(500|Internal error)/);
    expect(await server.stop('SIGTERM')).toBe(0);
    const status = await release.run(['serve', '--status', '--store', 'sqlite:watch.db']);
    expect(status.stdout).toMatch(/^pending: 0$/m);
    expect(status.stdout).toMatch(/^done: 9$/m);
  }, 240_000);
});

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { ClusterSnapshot, KubeObject } from '@trailmark/core';
import { REPO_ROOT, createTempDir, type TempDir } from '@trailmark/testing';
import { writeKeyPair } from '@trailmark/trailmark';
import { run, type RunDeps } from '../src/main.js';
import { inputs, recordingRunner, type RecordingRunner } from './helpers.js';

/** What the verify tests work from: a release of the example repository and two clusters running it. */
export interface VerifyFixture {
  tmp: TempDir;
  /** The example repository (the workspace). */
  repo: string;
  /** `out/release/attestations`, relative to the repository: the key-signed bundles of the release. */
  bundles: string;
  /** The public key of the release's signing key (absolute). */
  publicKey: string;
  /** `clean.json` and `tampered.json` (relative to the repository): `trailmark snapshot` files. */
  clean: string;
  tampered: string;
}

/** Every image the example chart runs, pinned: the release attests all of them. */
export const RELEASED_IMAGES = [
  `ghcr.io/acme/shop:3.8.1@sha256:${'a1'.repeat(32)}`,
  `ghcr.io/acme/log-shipper:1.2.3@sha256:${'b2'.repeat(32)}`,
  `docker.io/bitnami/redis:7.2.3-debian-11-r2@sha256:${'c3'.repeat(32)}`,
  `quay.io/prometheus/node-exporter:v1.7.1@sha256:${'d4'.repeat(32)}`,
];

type SimulateCluster = (stampedYaml: string, digests: Record<string, string>) => ClusterSnapshot;

/** The runner's environment of the release run (a push to main of acme/shop). */
export function releaseEnv(repo: string, head: string): RunDeps['env'] {
  return {
    GITHUB_WORKSPACE: repo,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: head,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER_ID: '987654',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_ENVIRONMENT: 'github-hosted',
  };
}

/**
 * The Action's own `release` (sign: key) on the example repository, then the cluster it was
 * deployed to as `examples/shop/cluster.mjs` plays it: `tampered.json` with its three changes
 * (a `kubectl edit`, forged owners, a privileged debug pod mounting a Secret), and `clean.json`,
 * the same cluster before those changes.
 */
export async function createVerifyFixture(): Promise<VerifyFixture> {
  const tmp = await createTempDir('trailmark-action-verify-');
  const repo = join(tmp.path, 'shop');
  execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
  const keys = await writeKeyPair(join(tmp.path, 'keys'), { algorithm: 'ecdsa-p256' });
  const runner = recordingRunner();
  const code = await run(
    inputs({
      command: 'release',
      manifests: ['deploy/rendered/prod.yaml'],
      chart: 'charts/shop',
      values: ['charts/shop/values-prod.yaml'],
      environment: 'prod',
      images: RELEASED_IMAGES.join('\n'),
      sign: 'key',
      key: keys.privateKey,
      uploadAttestations: 'false',
      githubToken: '',
      outputDir: 'out/release',
    }),
    releaseDeps(runner, releaseEnv(repo, head)),
  );
  if (code !== 0) throw new Error(`release failed: ${JSON.stringify(runner.errors)}`);
  const stamped = readFileSync(
    join(repo, 'out/release/manifests/deploy/rendered/prod.yaml'),
    'utf8',
  );
  const { simulateCluster } = (await import(
    pathToFileURL(join(REPO_ROOT, 'examples/shop/cluster.mjs')).href
  )) as { simulateCluster: SimulateCluster };
  const tampered = simulateCluster(stamped, {});
  writeFileSync(join(repo, 'tampered.json'), JSON.stringify(tampered, null, 2));
  writeFileSync(join(repo, 'clean.json'), JSON.stringify(untampered(tampered, stamped), null, 2));
  return {
    tmp,
    repo,
    bundles: 'out/release/attestations',
    publicKey: keys.publicKey,
    clean: 'clean.json',
    tampered: 'tampered.json',
  };
}

function releaseDeps(runner: RecordingRunner, env: RunDeps['env']): RunDeps {
  return {
    cwd: env.GITHUB_WORKSPACE ?? '.',
    env,
    identityToken: () => Promise.reject(new Error('no OIDC token in this test')),
    githubRetries: 0,
    runner,
  };
}

/**
 * The cluster as the release left it: the debug pod gone, the `kubectl edit` (its LOG_LEVEL
 * variable and its managedFields entry) undone, the StatefulSet's stamped annotations back.
 */
function untampered(tampered: ClusterSnapshot, stampedYaml: string): ClusterSnapshot {
  const copy = structuredClone(tampered);
  copy.objects = copy.objects.filter((object) => object.metadata.name !== 'debug-shell');
  const released = parseAllDocuments(stampedYaml).map((doc) => doc.toJS() as KubeObject | null);
  for (const object of copy.objects) {
    const metadata = object.metadata;
    metadata.managedFields = metadata.managedFields?.filter((e) => e.manager !== 'kubectl-edit');
    if (object.kind === 'Deployment') {
      const spec = object.spec as {
        template: { spec: { containers: { env?: { name: string }[] }[] } };
      };
      for (const container of spec.template.spec.containers)
        container.env = container.env?.filter((variable) => variable.name !== 'LOG_LEVEL');
    }
    if (object.kind === 'StatefulSet') {
      const original = released.find(
        (r) => r?.kind === 'StatefulSet' && r.metadata.name === object.metadata.name,
      );
      if (original?.metadata.annotations) metadata.annotations = original.metadata.annotations;
    }
  }
  return copy;
}

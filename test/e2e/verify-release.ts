import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { VerifyReport } from '@trailmark/core';
import { REPO_ROOT, runTrailmark, type CliRun } from '@trailmark/testing';

// The release the verify e2e tests start from: the example app repository (examples/shop) stamped
// with every image pinned, a fresh key pair, the deployment-origin attestation signed with it, and
// the cluster that release became (examples/shop/cluster.mjs) — as deployed (`clean.json`) and
// after a `kubectl edit`, a forged owners annotation and a privileged debug pod (`tampered.json`).

/** The digest every pod of an image runs (and the stamp pinned). */
export const DIGESTS = {
  'ghcr.io/acme/shop': `sha256:${'a1'.repeat(32)}`,
  'ghcr.io/acme/log-shipper': `sha256:${'b2'.repeat(32)}`,
  'quay.io/prometheus/node-exporter': `sha256:${'c3'.repeat(32)}`,
  'docker.io/bitnami/redis': `sha256:${'d4'.repeat(32)}`,
} as const;

/** A stamped, key-attested release and the paths tests use (relative to `repo`). */
export interface Release {
  repo: string;
  /** `out/prod.yaml`: the stamped manifests. */
  stamped: string;
  /** `out/origin.json`. */
  origin: string;
  /** `out/bundles`: the key-signed deployment-origin bundle. */
  bundles: string;
  /** `keys/trailmark.pub`. */
  publicKey: string;
  /** `out/clean.json` / `out/tampered.json`: cluster snapshots. */
  clean: string;
  tampered: string;
  /** Runs the built CLI in the repository. */
  run: (args: readonly string[], env?: Record<string, string>) => Promise<CliRun>;
}

type Snapshot = { objects: Record<string, unknown>[] } & Record<string, unknown>;
type Simulate = (
  stamped: string,
  digests: Record<string, string>,
  options?: { changes?: boolean },
) => Snapshot;

/** Builds the release in `dir/shop` with the built CLI; fails the test on any non-zero exit. */
export async function prepareRelease(dir: string): Promise<Release> {
  const repo = join(dir, 'shop');
  execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
  const run = (args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> =>
    runTrailmark(args, { cwd: repo, env: { KUBECONFIG: '', ...env } });
  const pins = Object.entries(DIGESTS).flatMap(([image, digest]) => [
    '--image',
    `${image}@${digest}`,
  ]);
  await ok(
    run([
      'stamp',
      'deploy/rendered/prod.yaml',
      '--chart',
      'charts/shop',
      '-f',
      'charts/shop/values-prod.yaml',
      '--environment',
      'prod',
      ...pins,
      '-o',
      'out/prod.yaml',
      '--origin-out',
      'out/origin.json',
    ]),
  );
  await ok(run(['keygen', 'keys']));
  await ok(
    run([
      'attest',
      '--key',
      'keys/trailmark.key',
      '--origin',
      'out/origin.json',
      '--manifests',
      'out/prod.yaml',
      '-o',
      'out/bundles',
    ]),
  );
  const stampedYaml = readFileSync(join(repo, 'out/prod.yaml'), 'utf8');
  writeJson(join(repo, 'out/clean.json'), await simulate(stampedYaml, { changes: false }));
  writeJson(join(repo, 'out/tampered.json'), await simulate(stampedYaml, { changes: true }));
  return {
    repo,
    stamped: 'out/prod.yaml',
    origin: 'out/origin.json',
    bundles: 'out/bundles',
    publicKey: 'keys/trailmark.pub',
    clean: 'out/clean.json',
    tampered: 'out/tampered.json',
    run,
  };
}

/** The example cluster of a stamped release (see examples/shop/cluster.mjs). */
export async function simulate(
  stampedYaml: string,
  options: { changes: boolean; digests?: Record<string, string> },
): Promise<Snapshot> {
  const url = pathToFileURL(join(REPO_ROOT, 'examples/shop/cluster.mjs')).href;
  const module = (await import(url)) as { simulateCluster: Simulate };
  return module.simulateCluster(stampedYaml, options.digests ?? DIGESTS, {
    changes: options.changes,
  });
}

/** Reads a cluster snapshot file of the release. */
export function readSnapshot(path: string): Snapshot {
  return JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function ok(run: Promise<CliRun>): Promise<CliRun> {
  const result = await run;
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** Workloads as `Kind/ns/name attribution [codes]`, sorted: what two runs must agree on. */
export function verdictLines(report: VerifyReport): string[] {
  return report.workloads
    .map(
      (w) =>
        `${w.kind}/${w.namespace ?? ''}/${w.name} ${w.attribution} [${w.findings
          .map((f) => `${f.code}${f.fails ? '!' : ''}`)
          .sort()
          .join(',')}]`,
    )
    .sort();
}

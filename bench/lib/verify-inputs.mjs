// The inputs of bench/verify, made once per run in a directory: the fleet repository, stamped by
// the built `stamp` facade as a GitHub Actions release job would; the cluster snapshot of 5,000
// pods built from the stamped objects; 500 keyless bundles; the test Sigstore's trusted root; the
// policy (its identity: the exact SAN and issuer the test Fulcio certified).
//
//   <dir>/repo/                 the git repository (deploy/team-NN/services.yaml, CODEOWNERS)
//   <dir>/snapshot.json         cluster snapshot (schema https://trailmark.dev/cluster-snapshot/v1)
//   <dir>/bundles/*.sigstore.json
//   <dir>/trusted-root.json
//   <dir>/policy.yaml           the verify policy (the identity that signed, kubectl as deployer)
//   <dir>/inputs.json           what was made: counts, identity, commit, Sigstore requests
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { signFleetBundles } from './verify-bundles.mjs';
import { policyYaml } from './verify-flow.mjs';
import { REPLICAS, REPOSITORY, SERVICES, buildFleetRepo, fleet } from './verify-fleet.mjs';
import { buildSnapshot } from './verify-snapshot.mjs';

/** Paths of the inputs in `dir`. */
export function inputPaths(dir) {
  return {
    repo: join(dir, 'repo'),
    snapshot: join(dir, 'snapshot.json'),
    bundles: join(dir, 'bundles'),
    trustedRoot: join(dir, 'trusted-root.json'),
    meta: join(dir, 'inputs.json'),
    policy: join(dir, 'policy.yaml'),
  };
}

/** Makes the inputs in `dir`, or reuses them when `dir/inputs.json` exists (BENCH_VERIFY_INPUT). */
export async function prepareInputs({ dist, dir, log }) {
  const paths = inputPaths(dir);
  if (existsSync(paths.meta)) {
    log(`reusing the inputs in ${dir}`);
    const meta = JSON.parse(readFileSync(paths.meta, 'utf8'));
    writeFileSync(paths.policy, policyYaml(meta));
    return { paths, meta };
  }
  mkdirSync(dir, { recursive: true });
  const services = fleet();
  const commit = buildFleetRepo(paths.repo, services);
  const { stamped, records, warnings } = await stampFleet(dist, paths.repo, commit);
  log(`stamped ${stamped.size} objects (${warnings} warnings) at ${commit.slice(0, 12)}`);
  const signed = await signFleetBundles({
    dist,
    services,
    records,
    commit,
    dir: paths.bundles,
    log,
  });
  // Deployed ten minutes after the release job signed (whole seconds, as the API server writes).
  const deployedAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 600_000).toISOString();
  const snapshot = buildSnapshot(services, stamped, deployedAt.replace(/\.\d{3}Z$/, 'Z'));
  writeFileSync(paths.snapshot, JSON.stringify(snapshot));
  writeFileSync(paths.trustedRoot, `${JSON.stringify(signed.trustedRoot, null, 2)}\n`);
  const meta = {
    commit,
    deployedAt: snapshot.objects[0].metadata.creationTimestamp,
    capturedAt: snapshot.capturedAt,
    repository: REPOSITORY,
    identity: { san: signed.san, issuer: signed.issuer },
    sourceRepository: `https://github.com/${signed.claims.repository}`,
    sourceRef: signed.claims.ref,
    sigstoreRequests: signed.requests,
    counts: counts(snapshot, services),
    stampWarnings: warnings,
  };
  writeFileSync(paths.meta, `${JSON.stringify(meta, null, 2)}\n`);
  writeFileSync(paths.policy, policyYaml(meta));
  return { paths, meta };
}

/** Runs the built stamp facade on `deploy/` as the release job of acme/shop would. */
async function stampFleet(dist, repo, commit) {
  const { stamp } = await import(dist('trailmark'));
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER_ID: '987654',
    GITHUB_SHA: commit,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_WORKFLOW_REF: `${REPOSITORY}/.github/workflows/release.yml@refs/heads/main`,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
  };
  const result = await stamp({ inputs: ['deploy'], cwd: repo, env, environment: 'prod' });
  const stamped = new Map();
  for (const output of result.outputs) {
    for (const doc of parseAllDocuments(output.text)) {
      if (doc.errors.length > 0) throw new Error(`stamped output does not parse: ${doc.errors[0]}`);
      const o = doc.toJS();
      if (o === null) continue;
      stamped.set(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o);
    }
  }
  if (stamped.size !== SERVICES * 2) throw new Error(`stamp wrote ${stamped.size} objects`);
  return { stamped, records: result.records, warnings: result.warnings.length };
}

function counts(snapshot, services) {
  const byKind = {};
  for (const o of snapshot.objects) byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
  const pods = snapshot.objects.filter((o) => o.kind === 'Pod');
  const containers = pods.reduce(
    (n, p) => n + p.spec.containers.length + (p.spec.initContainers?.length ?? 0),
    0,
  );
  const trait = (key) => services.filter((s) => s[key]).length;
  if (byKind.Pod !== SERVICES * REPLICAS) throw new Error(`${byKind.Pod} pods`);
  return {
    objects: snapshot.objects.length,
    byKind,
    pods: pods.length,
    containers,
    images: new Set(services.map((s) => s.digest)).size,
    bundles: services.length,
    deploymentOriginBundles: services.length - trait('provenanceOnly'),
    provenanceOnlyBundles: trait('provenanceOnly'),
    traits: {
      init: trait('init'),
      secretVolume: trait('secretVolume'),
      secretEnv: trait('secretEnv'),
      secretEnvFrom: trait('secretEnvFrom'),
      privileged: trait('privileged'),
      clusterAdmin: trait('clusterAdmin'),
      editedWithKubectlEdit: trait('edited'),
    },
    snapshotBytes: Buffer.byteLength(JSON.stringify(snapshot)),
  };
}

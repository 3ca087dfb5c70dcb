// bench/verify: `trailmark verify` over a cluster snapshot of 5,000 pods running 500 images, with
// 500 keyless Sigstore bundles, next to @sigstore/verify's own Verifier verifying the same 500
// bundles in the same run. See bench/README.md.
//
//   node bench/verify.mjs                            measure, print markdown, write results/verify.json
//   BENCH_VERIFY_INPUT=DIR node bench/verify.mjs     make the inputs in DIR once and reuse them after
//
// Each measurement runs in a fresh child process (this script with `child <mode> <json args>`),
// so that its peak RSS is its own. Timing excludes process start, module loading and, except for
// the facade, reading the inputs from disk.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJson } from './lib/report.mjs';
import { positiveInt, runChildMode } from './lib/stats.mjs';
import { summarise, toMarkdown } from './lib/verify-figures.mjs';
import {
  attestationInput,
  readBundleFiles,
  reportFigures,
  verifyWithSigstore,
} from './lib/verify-flow.mjs';
import { inputPaths, prepareInputs } from './lib/verify-inputs.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const RESULTS = join(HERE, 'results', 'verify.json');
const DIST = (pkg) => join(ROOT, 'packages', pkg, 'dist', 'index.js');
// The facade's `verify()` (`@trailmark/trailmark/verify`, what the CLI imports).
const FACADE = join(ROOT, 'packages', 'trailmark', 'dist', 'verify.js');
const DEFAULT_RUNS = 5;

async function main() {
  const runs = positiveInt('BENCH_RUNS', DEFAULT_RUNS);
  const kept = process.env.BENCH_VERIFY_INPUT;
  const work = mkdtempSync(join(tmpdir(), 'trailmark-bench-verify-'));
  try {
    // 1. Inputs: the fleet repository, stamped; the snapshot; 500 keyless bundles; the trusted root.
    const dir = kept === undefined || kept === '' ? join(work, 'input') : kept;
    const { meta } = await prepareInputs({ dist: DIST, dir, log });
    const c = meta.counts;
    log(
      `inputs: ${c.pods} pods, ${c.containers} containers, ${c.images} images, ${c.bundles} bundles, ` +
        `snapshot ${(c.snapshotBytes / 1024 / 1024).toFixed(1)} MiB`,
    );
    // 2. Which trailmark APIs the built packages have (they are written in parallel).
    const api = await availableApis();
    const missing = Object.entries(api).filter(([, ok]) => !ok);
    for (const [name] of missing) log(`NOT MEASURED: ${name} is not in the built packages yet`);
    // 3. Baseline, trailmark (verifyAttestations + evaluate) and the facade, interleaved.
    const args = { dir, work };
    const loadBefore = loadavg().map((v) => Math.round(v * 100) / 100);
    const baseline = [];
    const trailmark = [];
    const facade = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(await measure('baseline', args));
      if (api.verifyAttestations && api.evaluate) trailmark.push(await measure('trailmark', args));
      if (api.facade) facade.push(await measure('facade', args));
      log(`run ${i + 1}/${runs}: ${progress(baseline[i], trailmark[i], facade[i])}`);
    }
    // 4. Report.
    const load = { before: loadBefore, after: loadavg().map((v) => Math.round(v * 100) / 100) };
    const results = summarise({
      load,
      meta,
      runs,
      baseline,
      trailmark,
      facade,
      missing: missing.map(([n]) => n),
    });
    console.log(toMarkdown(results));
    const complete = missing.length === 0;
    if (runs === DEFAULT_RUNS && complete) {
      mkdirSync(dirname(RESULTS), { recursive: true });
      writeFileSync(RESULTS, `${toJson(results)}\n`);
      log(`wrote ${RESULTS}`);
    } else
      log(
        `not writing ${RESULTS}: ${complete ? 'BENCH_RUNS is not the default' : 'trailmark side not measured'}`,
      );
    const failed = Object.entries(results.targets).filter(([, t]) => t.met !== true);
    if (failed.length > 0) {
      console.error(`FAIL: targets not met or not measured: ${failed.map(([n]) => n).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function availableApis() {
  const verify = await import(DIST('verify'));
  const tm = existsSync(FACADE) ? await import(FACADE) : {};
  return {
    verifyAttestations: typeof verify.verifyAttestations === 'function',
    evaluate: typeof verify.evaluate === 'function',
    facade: typeof tm.verify === 'function',
  };
}

function progress(b, t, f) {
  const ms = (v) => `${v.toFixed(0)} ms`;
  return [
    `baseline ${ms(b.ms)}`,
    t && `verifyAttestations ${ms(t.attestationsMs)}, evaluate ${ms(t.evaluateMs)}`,
    f && `facade ${ms(f.ms)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** Runs this script as a child in `mode`; resolves with what the child reported. */
function measure(mode, args) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['child', mode, JSON.stringify(args)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`bench child "${mode}" failed (exit ${code})`));
    });
  });
}

// ---- child side ----

function readInputs(dir) {
  const paths = inputPaths(dir);
  return {
    paths,
    meta: JSON.parse(readFileSync(paths.meta, 'utf8')),
    files: readBundleFiles(paths.bundles),
    trustedRootJson: JSON.parse(readFileSync(paths.trustedRoot, 'utf8')),
  };
}

/** The baseline: @sigstore/verify's Verifier over the 500 bundles, nothing else. */
async function childBaseline({ dir }) {
  const { meta, files, trustedRootJson } = readInputs(dir);
  const { ms, sans } = await verifyWithSigstore(files, trustedRootJson, meta.identity);
  const maxRssKiB = process.resourceUsage().maxRSS;
  check(sans.length === meta.counts.bundles, `baseline verified ${sans.length} bundles`);
  check(
    sans.every((san) => san === meta.identity.san),
    'baseline: a bundle was signed by another identity',
  );
  return { ms, bundles: sans.length, maxRssKiB };
}

/**
 * trailmark's pure verify package: verifyAttestations over the 500 bundles (timed), then
 * evaluate() over the 5,000-pod snapshot with that evidence (timed separately). Then, untimed for
 * the figures, the "each bundle once" check: every bundle handed over twice, from two places.
 */
async function childTrailmark({ dir }) {
  const verify = await import(DIST('verify'));
  const { paths, meta, files, trustedRootJson } = readInputs(dir);
  const snapshot = JSON.parse(readFileSync(paths.snapshot, 'utf8'));
  const trustedRoots = [verify.parseTrustedRoot(trustedRootJson)];
  const policy = verify.parseVerifyPolicy(readFileSync(paths.policy, 'utf8'), paths.policy);
  // Counts each cryptographic verification by bundle id (the `onVerify` hook), outside the timing.
  const verified = new Map();
  const onVerify = (id) => verified.set(id, (verified.get(id) ?? 0) + 1);
  const rules = { builders: policy.builders, repositories: policy.repositories, onVerify };
  const input = { ...attestationInput(files, trustedRoots, policy.identities), ...rules };
  let start = performance.now();
  const evidence = await verify.verifyAttestations(input);
  const attestationsMs = performance.now() - start;
  start = performance.now();
  const now = new Date(snapshot.capturedAt); // verified when the snapshot was taken
  const report = await verify.evaluate({ snapshot, evidence, policy, now });
  const evaluateMs = performance.now() - start;
  const maxRssKiB = process.resourceUsage().maxRSS;
  checkEvidence(
    evidence,
    files.map((f) => verify.bundleId(f.bytes)),
    1,
  );
  checkOnce(verified, files.length);
  // Each bundle once: the same 500 bundles found again elsewhere, re-serialised compact (as a
  // registry or the GitHub API hands them over), are still 500 evidence, with 2 sources each.
  verified.clear();
  const mirror = files.map((f) => ({
    path: f.path.replace('/bundles/', '/bundles-mirror/'),
    bytes: Buffer.from(JSON.stringify(JSON.parse(f.bytes.toString('utf8')))),
  }));
  const twice = {
    ...attestationInput([...files, ...mirror], trustedRoots, policy.identities),
    ...rules,
  };
  start = performance.now();
  const deduplicated = await verify.verifyAttestations(twice);
  const twiceMs = performance.now() - start;
  checkEvidence(
    deduplicated,
    files.map((f) => verify.bundleId(f.bytes)),
    2,
  );
  checkOnce(verified, files.length);
  // evaluate() again in the same process: warm (JIT-compiled), for reading the cold figure.
  start = performance.now();
  await verify.evaluate({ snapshot, evidence, policy, now });
  const evaluateWarmMs = performance.now() - start;
  const figures = reportFigures(report);
  checkReport(figures, meta);
  return {
    attestationsMs,
    evaluateMs,
    evaluateWarmMs,
    twiceMs,
    maxRssKiB,
    bundles: files.length,
    report: figures,
  };
}

/** One verified evidence per bundle id (sha256 of its canonical JSON), found in `sources` places. */
function checkEvidence(evidence, bundleIds, sources) {
  const ids = new Set(bundleIds);
  check(
    evidence.length === ids.size,
    `${evidence.length} evidence for ${ids.size} bundles (${sources} sources each)`,
  );
  check(new Set(evidence.map((e) => e.id)).size === ids.size, 'evidence ids repeat');
  check(
    evidence.every((e) => ids.has(e.id)),
    'an evidence id is not the id of a bundle',
  );
  const rejected = evidence.filter((e) => e.verified !== true);
  check(
    rejected.length === 0,
    `${rejected.length} bundles rejected, first: ${rejected[0]?.rejection} ${rejected[0]?.reason}`,
  );
  check(
    evidence.every((e) => e.sources.length === sources),
    `expected ${sources} sources per evidence`,
  );
}

/** `onVerify` saw every bundle exactly once. */
function checkOnce(verified, bundles) {
  const counts = [...verified.values()];
  check(verified.size === bundles, `onVerify saw ${verified.size} bundles of ${bundles}`);
  check(
    counts.every((n) => n === 1),
    `a bundle was verified ${Math.max(...counts)} times`,
  );
}

/** The report covers the whole snapshot and every bundle. */
function checkReport(r, meta) {
  const c = meta.counts;
  check(r.pods === c.pods, `report counts ${r.pods} pods, snapshot has ${c.pods}`);
  check(
    r.containers === c.containers,
    `report counts ${r.containers} containers, snapshot has ${c.containers}`,
  );
  check(r.workloads === c.byKind.Deployment, `report counts ${r.workloads} workloads`);
  // The findings the input was built to produce: the SLSA-only images' workloads have no origin
  // record, the kubectl-edit Deployments drifted.
  const f = r.findings;
  check(
    (f.NO_ORIGIN_RECORD ?? 0) === c.provenanceOnlyBundles,
    `NO_ORIGIN_RECORD ${f.NO_ORIGIN_RECORD ?? 0}, expected ${c.provenanceOnlyBundles}`,
  );
  check(
    (f.DRIFT_MANUAL_CHANGE ?? 0) === c.traits.editedWithKubectlEdit,
    `DRIFT_MANUAL_CHANGE ${f.DRIFT_MANUAL_CHANGE ?? 0}, expected ${c.traits.editedWithKubectlEdit}`,
  );
  check(
    r.attestations.verified === c.bundles,
    `report: ${r.attestations.verified} verified bundles`,
  );
}

/** The facade end to end: read the snapshot and the bundle directory, verify, evaluate. */
async function childFacade({ dir }) {
  const tm = await import(FACADE);
  const paths = inputPaths(dir);
  const meta = JSON.parse(readFileSync(paths.meta, 'utf8'));
  const start = performance.now();
  const result = await tm.verify(facadeOptions(paths, meta));
  const ms = performance.now() - start;
  const maxRssKiB = process.resourceUsage().maxRSS;
  const figures = reportFigures(result.report);
  check(result.warnings.length === 0, `facade warned: ${result.warnings.join('; ')}`);
  checkReport(figures, meta);
  check(
    figures.attestations.total === meta.counts.bundles,
    `facade considered ${figures.attestations.total} bundles`,
  );
  return { ms, maxRssKiB, report: figures };
}

/**
 * What `trailmark verify --snapshot FILE --bundles DIR --trusted-root FILE --policy FILE` passes
 * the facade: no registry, no GitHub API, an empty environment (no TUF cache, no token).
 */
function facadeOptions(paths, meta) {
  return {
    cwd: paths.repo,
    env: {},
    clock: () => new Date(meta.capturedAt), // verified when the snapshot was taken
    snapshot: paths.snapshot,
    bundleDirs: [paths.bundles],
    oci: false,
    githubRepositories: [],
    policy: paths.policy,
    identities: { subjects: [], patterns: [], keys: [] },
    trustedRoot: paths.trustedRoot,
  };
}

function check(ok, message) {
  if (!ok) throw new Error(`bench/verify sanity check failed: ${message}`);
}

function log(message) {
  console.error(`[bench/verify] ${message}`);
}

if (process.argv[2] === 'child') {
  runChildMode(
    { baseline: childBaseline, trailmark: childTrailmark, facade: childFacade },
    process.argv[3],
    JSON.parse(process.argv[4] ?? '{}'),
  ).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

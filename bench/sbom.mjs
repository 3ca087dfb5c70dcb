// bench/sbom: how long trailmark takes to turn a lockfile into a CycloneDX SBOM, generation and
// schema validation apart, and how that compares with @cyclonedx/cyclonedx-npm on the same
// installed npm project, measured in the same run. See bench/README.md ("sbom").
//
//   node bench/sbom.mjs        measure, print markdown, write bench/results/sbom.json
//
// Each measurement runs in a fresh child process (this script with `child <mode> <json args>`,
// which also works by hand and prints its figures as JSON on stdout).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT, PROJECTS, cleanEnv, installProject, timeProcess } from './lib/sbom-project.mjs';
import { npmPurlKeys, summarise, toMarkdown } from './lib/sbom-report.mjs';
import { syntheticNpmLockfile } from './lib/sbom-synthetic.mjs';
import { toJson } from './lib/report.mjs';
import { positiveInt, round2 } from './lib/stats.mjs';

const SELF = fileURLToPath(import.meta.url);
const HERE = dirname(SELF);
const ROOT = dirname(HERE);
// The real lockfiles the sbom tests use (each with its origin in packages/sbom/test/fixtures/README.md).
const CORPUS = join(ROOT, 'packages', 'sbom', 'test', 'fixtures', 'lockfiles');
const SBOM_DIST = join(ROOT, 'packages', 'sbom', 'dist', 'index.js');
const PEER_BIN = join(ROOT, 'node_modules', '.bin', 'cyclonedx-npm');
const TRAILMARK_BIN = join(ROOT, 'node_modules', '.bin', 'trailmark');
const RESULTS = join(HERE, 'results', 'sbom.json');
const DEFAULT_RUNS = 5;
const SYNTHETIC_PACKAGES = 5_000;
const WARM_RUNS = 4;

async function main() {
  const runs = positiveInt('BENCH_RUNS', DEFAULT_RUNS);
  const work = mkdtempSync(join(tmpdir(), 'trailmark-bench-sbom-'));
  // Other work on the machine moves every figure; the load average goes into the results.
  const loadBefore = loadavg();
  try {
    // 1. Inputs: two real corpus lockfiles of over 1,000 packages, and a synthetic one of 5,000.
    const inputs = [
      corpusInput('pnpm-v9-argo-cd-ui', 'pnpm-lock.yaml'),
      corpusInput('yarn-berry-prettier', 'yarn.lock'),
      syntheticInput(work),
    ];
    // 2. Generation, one fresh process per run; validation, one process, one compiled validator.
    const generation = [];
    const validation = [];
    for (const input of inputs) {
      const samples = [];
      for (let i = 0; i < runs; i++)
        samples.push(await child('generate', { ...input, warm: WARM_RUNS }));
      log(`${input.id}: generation ${samples.map((s) => Math.round(s.ms)).join(', ')} ms`);
      generation.push({ input, samples });
      const checked = await child('validate', { ...input, runs });
      log(`${input.id}: validation ${checked.laterMs.map(Math.round).join(', ')} ms`);
      validation.push({ input, ...checked });
    }
    // 3. The installed npm projects: the peer and trailmark, interleaved, each a fresh process.
    const peers = [];
    const skipped = [];
    for (const project of PROJECTS) {
      const projectDir = join(work, project.id);
      let install;
      try {
        install = installProject(ROOT, projectDir, project);
      } catch (error) {
        // The peer needs the installed tree; without it there is nothing to compare (reported).
        const reason =
          String(error.message)
            .split('\n')
            .find((line) => /npm error (code|404 Not)/.test(line)) ?? error.message;
        log(`${project.id}: npm ci FAILED, no peer comparison: ${reason}`);
        skipped.push({ id: project.id, reason });
        continue;
      }
      log(
        `${project.id}: npm ci: ${install.packages} lockfile entries in ${Math.round(install.installMs)} ms`,
      );
      peers.push({ project, install, peer: await comparePeer(work, projectDir, runs, project) });
    }
    // 4. Start-up: `trailmark --version` and `--help` beside `node -e 0`, interleaved.
    const startup = await measureStartup(work, runs * 2);
    // 5. Report.
    const load = { before: loadBefore.map(round2), after: loadavg().map(round2) };
    const results = {
      ...summarise({ root: ROOT, runs, load, generation, validation, peers, startup }),
      skipped,
    };
    console.log(toMarkdown(results));
    // The committed figures always come from the default run count, so that they stay comparable.
    if (runs === DEFAULT_RUNS) {
      mkdirSync(dirname(RESULTS), { recursive: true });
      writeFileSync(RESULTS, `${toJson(results)}\n`);
      log(`wrote ${RESULTS}`);
    } else log(`not writing ${RESULTS}: BENCH_RUNS is not the default`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function corpusInput(id, lockfile) {
  return {
    id,
    label: `${id} (real)`,
    dir: join(CORPUS, id),
    lockfile,
    manifests: ['package.json'],
    synthetic: false,
  };
}

/** The synthetic npm v3 lockfile, written into the work dir; labelled as such everywhere. */
function syntheticInput(work) {
  const fixture = join(ROOT, ...PROJECT.fixture, PROJECT.lockfile);
  const made = syntheticNpmLockfile(readFileSync(fixture, 'utf8'), SYNTHETIC_PACKAGES);
  const dir = join(work, 'synthetic');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package-lock.json'), made.text);
  const how = `${made.source} real entries of the prometheus web/ui lockfile, renamed name-<i>, ${made.copies} copies`;
  return {
    id: `synthetic-npm-v3-${SYNTHETIC_PACKAGES}`,
    label: `SYNTHETIC npm v3, ${SYNTHETIC_PACKAGES.toLocaleString('en-US')} packages`,
    how,
    dir,
    lockfile: 'package-lock.json',
    manifests: [],
    synthetic: true,
  };
}

/** Peer with and without its own validation, trailmark's process and its CLI, interleaved. */
async function comparePeer(work, dir, runs, project) {
  const env = cleanEnv();
  const peerArgs = [
    '--omit',
    'dev',
    '--output-format',
    'JSON',
    '--output-file',
    join(work, 'peer.json'),
  ];
  const cli = spawnSync(TRAILMARK_BIN, ['sbom', '--help'], { env }).status === 0;
  const out = {
    peer: [],
    peerNoValidate: [],
    trailmark: [],
    cli: [],
    floor: [],
    cliAvailable: cli,
  };
  for (let i = 0; i < runs; i++) {
    out.peer.push(await timeProcess(PEER_BIN, peerArgs, { cwd: dir, env }));
    out.peerNoValidate.push(
      await timeProcess(PEER_BIN, [...peerArgs, '--no-validate'], { cwd: dir, env }),
    );
    const args = JSON.stringify({
      dir,
      out: join(work, 'trailmark.json'),
      lockfile: project.lockfile,
      manifests: project.manifests,
    });
    const run = await timeProcess(process.execPath, [SELF, 'child', 'project', args], {
      cwd: dir,
      env,
    });
    out.trailmark.push({ ms: run.ms, ...JSON.parse(run.stdout) });
    if (cli)
      out.cli.push(
        await timeProcess(TRAILMARK_BIN, ['sbom', dir, '-o', join(work, 'cli.json')], {
          cwd: work,
          env,
        }),
      );
    // The floor: a node process that does nothing, in the same run.
    out.floor.push(await timeProcess(process.execPath, ['-e', '0'], { cwd: work, env }));
    const row = [out.peer[i], out.peerNoValidate[i], out.trailmark[i], out.cli[i], out.floor[i]];
    log(
      `${project.id} run ${i + 1}/${runs}: peer, peer --no-validate, trailmark, cli, node -e 0: ${row.map((s) => (s ? Math.round(s.ms) : '-')).join(', ')} ms`,
    );
  }
  return { ...out, purls: checkContainment(work, cli) };
}

/** `node -e 0`, `trailmark --version` and `trailmark --help`, each a fresh process, interleaved. */
async function measureStartup(work, runs) {
  const env = cleanEnv();
  const out = { floor: [], version: [], help: [] };
  for (let i = 0; i < runs; i++) {
    out.floor.push(await timeProcess(process.execPath, ['-e', '0'], { cwd: work, env }));
    out.version.push(await timeProcess(TRAILMARK_BIN, ['--version'], { cwd: work, env }));
    out.help.push(await timeProcess(TRAILMARK_BIN, ['--help'], { cwd: work, env }));
  }
  log(
    `start-up medians: node -e 0, --version, --help: ${[out.floor, out.version, out.help]
      .map((samples) => Math.round(samples.map((s) => s.ms).sort((a, b) => a - b)[runs >> 1]))
      .join(', ')} ms`,
  );
  return out;
}

/** Fails loudly unless trailmark's npm purls contain the peer's (the e2e test asserts it in full). */
function checkContainment(work, cli) {
  const read = (name) => npmPurlKeys(JSON.parse(readFileSync(join(work, name), 'utf8')));
  const peer = read('peer.json');
  const ours = [read('trailmark.json'), ...(cli ? [read('cli.json')] : [])];
  for (const set of ours) {
    const missing = [...peer].filter((purl) => !set.has(purl));
    check(
      missing.length === 0,
      `trailmark lacks ${missing.length} peer purls: ${missing.slice(0, 3)}`,
    );
  }
  return { peer: peer.size, trailmark: ours[0].size };
}

/** Runs this script as a child in `mode` and resolves with the JSON it printed. */
async function child(mode, args) {
  const run = await timeProcess(process.execPath, [SELF, 'child', mode, JSON.stringify(args)], {});
  return { wallMs: run.ms, ...JSON.parse(run.stdout) };
}

// ---- child side ----

async function runChild(mode, args) {
  const modes = { generate: childGenerate, validate: childValidate, project: childProject };
  if (!(mode in modes)) throw new Error(`unknown bench mode ${mode}`);
  // This bench measures the package's load time too, and reports on stdout rather than over IPC.
  const loadStart = performance.now();
  const sbom = await import(SBOM_DIST);
  const loadMs = performance.now() - loadStart;
  console.log(JSON.stringify({ loadMs, ...(await modes[mode](sbom, args)) }));
}

/** Lockfile → SBOM text: read (file and manifests), parse, build the model, serialise. */
function generate(sbom, { dir, lockfile, manifests }) {
  const start = performance.now();
  const parsed = manifests.map((path) =>
    sbom.parsePackageManifest(readFileSync(join(dir, path), 'utf8'), path),
  );
  const lock = sbom.readLockfile(readFileSync(join(dir, lockfile), 'utf8'), lockfile, {
    manifests: parsed,
  });
  const readMs = performance.now() - start;
  const bom = sbom.buildBom({
    lockfiles: [lock],
    metadataComponent: { name: 'bench' },
    serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000',
    timestamp: '2025-01-01T00:00:00Z',
    toolVersion: '0.0.0-bench',
  });
  const builtMs = performance.now() - start;
  const json = sbom.serializeBom(bom);
  const ms = performance.now() - start;
  const stages = { readMs, buildMs: builtMs - readMs, serializeMs: ms - builtMs };
  const counts = {
    packages: lock.packages.length,
    components: bom.components.size,
    warnings: lock.warnings.length,
  };
  return { ms, stages, counts, json };
}

/** One cold generation (its time and the process's peak RSS), then `warm` more in the same process. */
function childGenerate(sbom, input) {
  const { ms, stages, counts } = generate(sbom, input);
  const maxRssKiB = process.resourceUsage().maxRSS;
  const warmMs = [];
  for (let i = 0; i < input.warm; i++) warmMs.push(generate(sbom, input).ms);
  check(
    counts.packages >= 1_000,
    `${input.id}: ${counts.packages} packages, expected at least 1,000`,
  );
  return { ms, stages, counts, maxRssKiB, warmMs };
}

/** One compiled validator: the first validation (compiles the schema), then `runs` more. */
async function childValidate(sbom, input) {
  const { json, counts } = generate(sbom, input);
  const generatedRssKiB = process.resourceUsage().maxRSS;
  const start = performance.now();
  const validate = sbom.createBomValidator('1.6');
  const issues = await validate(json);
  const firstMs = performance.now() - start;
  check(
    issues.length === 0,
    `${input.id}: the SBOM does not validate: ${JSON.stringify(issues.slice(0, 3))}`,
  );
  const laterMs = [];
  for (let i = 0; i < input.runs; i++) {
    const t = performance.now();
    await validate(json);
    laterMs.push(performance.now() - t);
  }
  return {
    counts,
    bytes: Buffer.byteLength(json),
    firstMs,
    laterMs,
    generatedRssKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
  };
}

/** The installed npm project, as the peer sees it: lockfile and manifests → SBOM file. */
function childProject(sbom, { dir, out, lockfile, manifests }) {
  const start = performance.now();
  const { json, counts } = generate(sbom, { dir, lockfile, manifests });
  writeFileSync(out, json);
  return { workMs: performance.now() - start, counts, maxRssKiB: process.resourceUsage().maxRSS };
}

function check(ok, message) {
  if (!ok) throw new Error(`bench sanity check failed: ${message}`);
}

function log(message) {
  console.error(`[bench/sbom] ${message}`);
}

if (process.argv[2] === 'child') await runChild(process.argv[3], JSON.parse(process.argv[4]));
else await main();

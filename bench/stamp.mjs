// bench/stamp: how long `stamp` takes on a large rendered Helm stream, next to a `yaml` Lexer pass,
// js-yaml's loadAll and yaml's parse-and-stringify of the same bytes, in the same run, as whole
// processes (start to exit) with their peak RSS. Exits 1 when a target is missed. See bench/README.md.
//
//   node bench/stamp.mjs                   measure, print markdown, write bench/results/stamp.json
//   BENCH_PROFILE=1 node bench/stamp.mjs   also profile one stamp run and print the top self time
//
// Each measurement runs in a fresh child process (this script with `child <mode> <json args>`,
// which also works by hand and then prints its figures), so that its peak RSS is its own.
// Times are whole processes: from fork to exit, module loading included.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBenchRepo } from './lib/bench-repo.mjs';
import { selfTimeByFile, topSelfTime } from './lib/cpu-profile.mjs';
import { createGitLog } from './lib/git-log.mjs';
import { MIN_OBJECTS, renderStream } from './lib/rendered-stream.mjs';
import { fmt, mib, summarise, toJson, toMarkdown } from './lib/report.mjs';
import { positiveInt, runChildMode } from './lib/stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const RESULTS = join(HERE, 'results', 'stamp.json');
/** stamp's median whole-process time over the Lexer pass's (issue 14). */
const TARGET_RATIO = 1.5;
/** stamp's median peak RSS (issue 14). */
const TARGET_RSS_MIB = 150;
const DEFAULT_OBJECTS = 10_000;
const DEFAULT_RUNS = 5;

async function main() {
  const objects = positiveInt('BENCH_OBJECTS', DEFAULT_OBJECTS);
  const runs = positiveInt('BENCH_RUNS', DEFAULT_RUNS);
  const work = mkdtempSync(join(tmpdir(), 'trailmark-bench-stamp-'));
  try {
    // 1. The repository and the streams: the large one, and a fifth of it from the same templates.
    const repoDir = join(work, 'platform');
    const commits = buildBenchRepo(repoDir);
    const large = writeStream(repoDir, objects);
    const small = writeStream(repoDir, Math.max(MIN_OBJECTS, Math.round(objects / 5)));
    log(
      `repo: ${commits.length} commits; stream: ${large.objects} objects, ${mib(large.bytes)} MiB`,
    );
    // 2. Lexer, js-yaml, yaml and stamp, interleaved, each in a fresh process.
    const lexer = [];
    const jsYaml = [];
    const baseline = [];
    const stamped = [];
    for (let i = 0; i < runs; i++) {
      lexer.push(await measure('lexer', { streamPath: large.path, objects }));
      jsYaml.push(await measure('jsyaml', { streamPath: large.path, objects }));
      baseline.push(await measure('yaml', { streamPath: large.path, objects }));
      stamped.push(await measure('stamp', { streamPath: large.path, repoDir, objects }));
      log(
        `run ${i + 1}/${runs}: lexer ${fmt(lexer[i].ms)} ms, js-yaml ${fmt(jsYaml[i].ms)} ms, ` +
          `yaml ${fmt(baseline[i].ms)} ms, stamp ${fmt(stamped[i].ms)} ms ` +
          `(${fmt(stamped[i].maxRssKiB / 1024)} MiB)`,
      );
    }
    const fallbacks = await measure('fallbacks', { streamPath: large.path });
    // 3. git processes of one stamp run, at both object counts.
    const gitWork = [await countGit(work, repoDir, small), await countGit(work, repoDir, large)];
    // 4. Report.
    const stream = { ...large, path: undefined };
    const results = summarise({
      root: ROOT,
      targetRatio: TARGET_RATIO,
      targetRssMiB: TARGET_RSS_MIB,
      stream,
      lexer,
      jsYaml,
      fallbacks,
      baseline,
      stamped,
      gitWork,
    });
    console.log(toMarkdown(results));
    // The committed figures always come from the default size, so that they stay comparable.
    if (objects === DEFAULT_OBJECTS && runs === DEFAULT_RUNS) {
      mkdirSync(dirname(RESULTS), { recursive: true });
      writeFileSync(RESULTS, `${toJson(results)}\n`);
      log(`wrote ${RESULTS}`);
    } else log(`not writing ${RESULTS}: BENCH_OBJECTS or BENCH_RUNS is not the default`);
    if (!results.target.met) {
      console.error(
        `FAIL: stamp takes ${results.ratio}x the Lexer pass (target ${TARGET_RATIO}x) and ` +
          `${results.stamp.medianPeakRssMiB} MiB (target ${TARGET_RSS_MIB} MiB)`,
      );
      process.exitCode = 1;
    }
    if (!results.git.equal) {
      console.error('FAIL: the number of git processes grows with the number of objects');
      process.exitCode = 1;
    }
    // 5. Optionally, where stamp's time goes.
    if (process.env.BENCH_PROFILE)
      await profile(work, { streamPath: large.path, repoDir, objects });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes the rendered stream of `objects` objects into the repository (untracked, as CI would). */
function writeStream(repoDir, objects) {
  const stream = renderStream(objects);
  const path = join(repoDir, 'deploy', 'rendered', `fleet-${objects}.yaml`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stream.text);
  const bytes = Buffer.byteLength(stream.text);
  return {
    path,
    objects: stream.objects,
    bytes,
    templateFiles: stream.files,
    instances: stream.instances,
  };
}

/** Runs this script as a child in `mode`; resolves with what the child reported. */
function measure(mode, args, { env = process.env, execArgv = [] } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['child', mode, JSON.stringify(args)], {
      env,
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result) resolve({ ...result, ms: performance.now() - started });
      else reject(new Error(`bench child "${mode}" failed (exit ${code})`));
    });
  });
}

/** Stamps `stream` with a logging `git` first on PATH; counts the git processes it started. */
async function countGit(work, repoDir, stream) {
  const gitLog = createGitLog(join(work, `git-log-${stream.objects}`));
  const args = { streamPath: stream.path, repoDir, objects: stream.objects };
  await measure('stamp', args, { env: gitLog.env });
  return { objects: stream.objects, templateFiles: stream.templateFiles, ...gitLog.read() };
}

async function profile(work, args) {
  const dir = join(work, 'profile');
  await measure('stamp', args, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir] });
  const file = join(dir, readdirSync(dir).find((name) => name.endsWith('.cpuprofile')) ?? '');
  const pct = (share) => `${(share * 100).toFixed(1)}%`;
  console.log('\nstamp, self time by function\n');
  console.log(
    '| function | where (built file:line) | self ms | share |\n| --- | --- | ---: | ---: |',
  );
  for (const row of topSelfTime(file, ROOT, 25)) {
    console.log(`| ${row.fn} | ${row.where} | ${row.ms} | ${pct(row.share)} |`);
  }
  console.log('\nstamp, self time by file\n\n| file | self ms | share |\n| --- | ---: | ---: |');
  for (const row of selfTimeByFile(file, ROOT, 15)) {
    console.log(`| ${row.file} | ${row.ms} | ${pct(row.share)} |`);
  }
}

// ---- child side ----

async function runChild(mode, args) {
  const modes = {
    lexer: childLexer,
    jsyaml: childJsYaml,
    yaml: childYaml,
    stamp: childStamp,
    fallbacks: childFallbacks,
  };
  await runChildMode(modes, mode, args);
}

/** The floor: read the stream and run yaml's Lexer over it (tokens only, no tree). */
async function childLexer({ streamPath, objects }) {
  const { Lexer } = await import('yaml');
  const start = performance.now();
  const text = readFileSync(streamPath, 'utf8');
  let tokens = 0;
  let documents = 0;
  for (const token of new Lexer().lex(text)) {
    tokens++;
    if (token === '---') documents++;
  }
  const workMs = performance.now() - start;
  check(documents === objects, `the Lexer saw ${documents} document starts, expected ${objects}`);
  return { workMs, tokens, maxRssKiB: process.resourceUsage().maxRSS };
}

/** js-yaml's loadAll over the same bytes. */
async function childJsYaml({ streamPath, objects }) {
  const { loadAll } = await import('js-yaml');
  const start = performance.now();
  const docs = loadAll(readFileSync(streamPath, 'utf8'));
  const workMs = performance.now() - start;
  check(docs.length === objects, `js-yaml loaded ${docs.length} documents, expected ${objects}`);
  return { workMs, maxRssKiB: process.resourceUsage().maxRSS };
}

/**
 * How many documents of the stream the scanner hands to the lean pass, and the lean pass to the
 * full yaml Document (as stamp reads it: lean, scanner on).
 */
async function childFallbacks({ streamPath }) {
  const { parseManifestStream } = await import('../packages/manifest/dist/index.js');
  const stream = parseManifestStream(readFileSync(streamPath, 'utf8'), 'bench', { lean: true });
  const documents = stream.documents.filter((doc) => doc.lean ?? doc.yaml).length;
  const { fullParses, scanFallbacks } = stream;
  return { documents, fullParses, scanFallbacks, ms: 0, maxRssKiB: 0 };
}

/** The baseline: read the stream, then the yaml library's own parse and stringify of it. */
async function childYaml({ streamPath, objects }) {
  const { parseAllDocuments } = await import('yaml');
  const start = performance.now();
  const text = readFileSync(streamPath, 'utf8');
  const docs = parseAllDocuments(text);
  const parsedMs = performance.now() - start;
  const out = docs.map((doc) => doc.toString()).join('');
  const workMs = performance.now() - start;
  const maxRssKiB = process.resourceUsage().maxRSS;
  check(docs.length === objects, `yaml parsed ${docs.length} documents, expected ${objects}`);
  check(
    docs.every((doc) => doc.errors.length === 0),
    'yaml reported errors in the stream',
  );
  check(out.length > text.length * 0.8, `yaml printed ${out.length} chars of ${text.length}`);
  return { workMs, parsedMs, maxRssKiB };
}

/**
 * trailmark: the facade as the CLI calls it (reads the stream, git facts, CODEOWNERS, stamps), from
 * the module `trailmark stamp` loads on demand (`@trailmark/trailmark/stamp`), not the whole facade.
 */
async function childStamp({ streamPath, repoDir, objects }) {
  const { stamp } = await import('../packages/trailmark/dist/stamp.js');
  const start = performance.now();
  const result = await stamp({ inputs: [streamPath], cwd: repoDir, chart: 'charts/big', env: {} });
  const text = result.outputs.map((output) => output.text).join('');
  const workMs = performance.now() - start;
  const maxRssKiB = process.resourceUsage().maxRSS;
  checkStamped(result, text, objects);
  const records = result.records.objects.length;
  return { workMs, maxRssKiB, records, warnings: result.warnings.length };
}

/** Fails loudly unless every object got its source, owners and introducer. */
function checkStamped(result, text, objects) {
  const warnings = result.warnings;
  check(warnings.length === 0, `stamp warned ${warnings.length} times: ${warnings.slice(0, 3)}`);
  // Top-level annotations sit at indent 4; pod templates get their own copy at indent 8.
  const sources = text.match(/^ {4}trailmark\.dev\/source: /gm)?.length ?? 0;
  check(sources === objects, `${sources} objects carry trailmark.dev/source, expected ${objects}`);
  const records = result.records.objects;
  check(records.length === objects, `${records.length} origin records, expected ${objects}`);
  const lacking = records.filter(
    (r) => !r.source || r.owners.length === 0 || r.introducer?.via !== 'blame',
  );
  const first = JSON.stringify(lacking[0]);
  check(lacking.length === 0, `${lacking.length} records lack source, owners or blame: ${first}`);
  const authors = new Set(records.map((r) => r.introducer?.name));
  check(authors.size === 3, `expected 3 authors as introducers, got ${[...authors].join(', ')}`);
}

function check(ok, message) {
  if (!ok) throw new Error(`bench sanity check failed: ${message}`);
}

function log(message) {
  console.error(`[bench/stamp] ${message}`);
}

if (process.argv[2] === 'child') await runChild(process.argv[3], JSON.parse(process.argv[4]));
else await main();

// bench/attest: trailmark's three attestations (SLSA provenance, SBOM, deployment origin) of a
// release of 500 images and 5,000 manifest objects, signed with an ECDSA P-256 key, next to the
// bare node:crypto signatures over the very same DSSE payloads, measured in the same run.
// See bench/README.md.
//
//   node bench/attest.mjs     measure, print markdown, write bench/results/attest.json
//
// Each measurement runs in a fresh child process (this script with `child <mode> <json args>`),
// so that its peak RSS is its own. Timing excludes process start, module loading and reading the
// inputs from disk.
import { fork } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IN_TOTO_PAYLOAD_TYPE, buildAndSign, envelopeOf, signBare } from './lib/attest-flow.mjs';
import { buildAttestInputs } from './lib/attest-inputs.mjs';
import { pae } from './lib/attest-pae.mjs';
import { summarise, toMarkdown } from './lib/attest-report.mjs';
import { toJson } from './lib/report.mjs';
import { positiveInt, runChildMode } from './lib/stats.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const RESULTS = join(HERE, 'results', 'attest.json');
// The real lockfiles the sbom tests use (each with its origin in packages/sbom/test/fixtures/README.md).
const CORPUS = join(ROOT, 'packages', 'sbom', 'test', 'fixtures', 'lockfiles');
const DIST = (pkg) => join(ROOT, 'packages', pkg, 'dist', 'index.js');
const SERVICES = 500; // one image each, ten objects each
const DEFAULT_RUNS = 5;

async function main() {
  const runs = positiveInt('BENCH_RUNS', DEFAULT_RUNS);
  const work = mkdtempSync(join(tmpdir(), 'trailmark-bench-attest-'));
  try {
    // 1. Inputs, checked against their schemas, written where the children read them.
    const input = await prepareInputs();
    const inputPath = join(work, 'input.json');
    const keyPath = join(work, 'key.json');
    writeFileSync(inputPath, JSON.stringify(input));
    writeFileSync(
      keyPath,
      JSON.stringify({ privateKeyPem: input.privateKeyPem, publicKeyPem: input.publicKeyPem }),
    );
    // 2. A reference run here: the payloads the baseline signs, and their digests for the checks.
    const reference = await referencePayloads(input, work);
    const payloads = Object.fromEntries(
      reference.map((r) => [r.kind, { bytes: r.bytes, sha256: r.sha256 }]),
    );
    log(
      `payloads: ${reference.map((r) => `${r.kind} ${(r.bytes / 1024).toFixed(0)} KiB`).join(', ')}`,
    );
    // 3. Baseline and trailmark, interleaved, each in a fresh process.
    const baseline = [];
    const trailmark = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(await measure('baseline', { reference, keyPath }));
      trailmark.push(await measure('trailmark', { inputPath, reference }));
      log(
        `run ${i + 1}/${runs}: baseline ${baseline[i].ms.toFixed(1)} ms, trailmark ${trailmark[i].ms.toFixed(1)} ms`,
      );
    }
    // 4. Report.
    const inputs = {
      images: input.images.length,
      objects: input.records.objects.length,
      manifestFiles: input.manifests.length,
      sbomComponents: input.bom.components.length,
      sbomSource:
        'pnpm-v9-argo-cd-ui lockfile (packages/sbom/test/fixtures/lockfiles) + the images',
    };
    const results = summarise({ inputs, payloads, baseline, trailmark });
    console.log(toMarkdown(results));
    if (runs === DEFAULT_RUNS) {
      mkdirSync(dirname(RESULTS), { recursive: true });
      writeFileSync(RESULTS, `${toJson(results)}\n`);
      log(`wrote ${RESULTS}`);
    } else log(`not writing ${RESULTS}: BENCH_RUNS is not the default`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Builds the inputs with the built packages and checks the origin records against their schema. */
async function prepareInputs() {
  const [core, sbom, tm] = await Promise.all([
    import(DIST('core')),
    import(DIST('sbom')),
    import(DIST('trailmark')),
  ]);
  const input = buildAttestInputs({ core, sbom, corpusDir: CORPUS, services: SERVICES });
  expectValid(tm.schemaValidator('origin-records.v1'), input.records, 'origin records');
  check(input.records.objects.length === SERVICES * 10, `${input.records.objects.length} objects`);
  log(
    `inputs: ${input.images.length} images, ${input.records.objects.length} objects, SBOM of ${input.bom.components.length} components`,
  );
  return input;
}

/**
 * Runs trailmark once in this process; writes each statement's DSSE payload to a file for the
 * baseline, after checking the statement, its predicate and the SBOM against their schemas.
 */
async function referencePayloads(input, work) {
  const [attest, tm, sbom] = await Promise.all([
    import(DIST('attest')),
    import(DIST('trailmark')),
    import(DIST('sbom')),
  ]);
  const { signed } = await buildAndSign(attest, tm, input);
  const predicateSchema = {
    provenance: 'slsa-provenance.v1',
    'deployment-origin': 'deployment-origin.v1',
  };
  const out = [];
  for (const { kind, text } of signed) {
    const { payloadType, payload } = envelopeOf(text);
    check(payloadType === IN_TOTO_PAYLOAD_TYPE, `${kind}: payload type ${payloadType}`);
    const statement = JSON.parse(payload.toString('utf8'));
    expectValid(tm.schemaValidator('in-toto-statement.v1'), statement, `${kind} statement`);
    if (kind in predicateSchema)
      expectValid(
        tm.schemaValidator(predicateSchema[kind]),
        statement.predicate,
        `${kind} predicate`,
      );
    else
      check(
        (await sbom.createBomValidator('1.6')(JSON.stringify(statement.predicate))).length === 0,
        'SBOM predicate is not valid CycloneDX 1.6',
      );
    const path = join(work, `${kind}.payload`);
    writeFileSync(path, payload);
    out.push({ kind, path, bytes: payload.length, sha256: sha256Hex(payload) });
  }
  return out;
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

async function runChild(mode, args) {
  await runChildMode({ baseline: childBaseline, trailmark: childTrailmark }, mode, args);
}

/** The baseline: key parse, PAE and one node:crypto signature per payload, nothing else. */
async function childBaseline({ reference, keyPath }) {
  const { privateKeyPem, publicKeyPem } = JSON.parse(readFileSync(keyPath, 'utf8'));
  const payloads = reference.map(({ kind, path }) => ({ kind, bytes: readFileSync(path) }));
  const { signed, ms } = signBare(payloads, privateKeyPem);
  const maxRssKiB = process.resourceUsage().maxRSS;
  // The signatures verify over the PAE of the reference payloads.
  const key = createPublicKey(publicKeyPem);
  for (const [i, { kind, signature }] of signed.entries()) {
    check(
      verify('sha256', pae(IN_TOTO_PAYLOAD_TYPE, payloads[i].bytes), key, signature),
      `baseline ${kind}: signature does not verify`,
    );
  }
  return { ms, maxRssKiB, byKind: signed.map(({ kind, ms: t }) => ({ kind, ms: t })) };
}

/** trailmark: the attest package's builders and signStatement with the facade's key bundler. */
async function childTrailmark({ inputPath, reference }) {
  const [attest, tm] = await Promise.all([import(DIST('attest')), import(DIST('trailmark'))]);
  const input = JSON.parse(readFileSync(inputPath, 'utf8'));
  const { signed, buildMs, signMs, ms } = await buildAndSign(attest, tm, input);
  const maxRssKiB = process.resourceUsage().maxRSS;
  // Same payload bytes as the baseline signs, and each bundle's signature verifies over their PAE
  // (PAE computed here, independently of trailmark and sigstore-js).
  const key = createPublicKey(input.publicKeyPem);
  for (const [i, { kind, text }] of signed.entries()) {
    const { payload, signature } = envelopeOf(text);
    check(
      kind === reference[i].kind && sha256Hex(payload) === reference[i].sha256,
      `trailmark ${kind}: payload differs from the reference run`,
    );
    check(
      verify('sha256', pae(IN_TOTO_PAYLOAD_TYPE, payload), key, signature),
      `trailmark ${kind}: signature does not verify over the PAE`,
    );
  }
  return {
    ms,
    buildMs,
    signMs,
    maxRssKiB,
    byKind: signed.map(({ kind, ms: t }) => ({ kind, ms: t })),
  };
}

// ---- helpers ----

function expectValid(validate, value, what) {
  const issues = validate(value);
  check(
    issues.length === 0,
    `${what} do not match their schema: ${JSON.stringify(issues.slice(0, 3))}`,
  );
}

function sha256Hex(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function check(condition, message) {
  if (!condition) throw new Error(`bench/attest: ${message}`);
}

function log(message) {
  console.error(`[bench/attest] ${message}`);
}

if (process.argv[2] === 'child') {
  runChild(process.argv[3], JSON.parse(process.argv[4] ?? '{}')).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

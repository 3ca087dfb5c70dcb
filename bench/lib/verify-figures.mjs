// Figures of bench/verify: statistics over the runs, the targets, the markdown tables, the record.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, cpus, platform } from 'node:os';
import { fmt } from './report.mjs';
import { median, round, round2 } from './stats.mjs';

/** Targets from issue 11 ("Performance"). */
export const TARGETS = { perBundleMs: 5, evaluateMs: 500, dedupRatio: 1.5 };

/** The results record: environment, inputs, every run, medians, ratios, targets. */
export function summarise({ load, meta, runs, baseline, trailmark, facade, missing }) {
  const bundles = meta.counts.bundles;
  const base = timed(
    baseline.map((s) => s.ms),
    bundles,
    baseline,
  );
  const att =
    trailmark.length > 0
      ? timed(
          trailmark.map((s) => s.attestationsMs),
          bundles,
          trailmark,
        )
      : undefined;
  const evaluate = trailmark.length > 0 ? stats(trailmark.map((s) => s.evaluateMs)) : undefined;
  const twice = trailmark.length > 0 ? stats(trailmark.map((s) => s.twiceMs)) : undefined;
  const warm = trailmark.length > 0 ? stats(trailmark.map((s) => s.evaluateWarmMs)) : undefined;
  const end =
    facade.length > 0
      ? timed(
          facade.map((s) => s.ms),
          bundles,
          facade,
        )
      : undefined;
  const ratio = att && round2(base.perBundleMedianMs / att.perBundleMedianMs);
  // Each trailmark run against the baseline run just before it: steadier when load drifts.
  const pairedRatio =
    att && round2(median(trailmark.map((s, i) => baseline[i].ms / s.attestationsMs)));
  const dedupRatio = att && round2(twice.medianMs / att.medianMs);
  return {
    benchmark: 'verify',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    loadAverage: load,
    versions: {
      sigstoreVerify: version('@sigstore/verify'),
      sigstoreBundle: version('@sigstore/bundle'),
    },
    inputs: {
      ...meta.counts,
      commit: meta.commit,
      identity: meta.identity,
      sigstoreRequests: meta.sigstoreRequests,
    },
    runs,
    notMeasured: missing.length > 0 ? missing : undefined,
    baseline: base,
    trailmark: att && {
      verifyAttestations: att,
      evaluate,
      evaluateWarm: warm,
      eachBundleTwice: { ...twice, overOnce: dedupRatio },
      report: trailmark[0].report,
    },
    facade: end && { ...end, report: facade[0].report },
    perBundleRatio: ratio,
    pairedRatio,
    targets: {
      perBundle: {
        targetMs: TARGETS.perBundleMs,
        medianMs: att?.perBundleMedianMs,
        met: att === undefined ? 'not measured' : att.perBundleMedianMs <= TARGETS.perBundleMs,
      },
      inventoryAndChecks: {
        targetMs: TARGETS.evaluateMs,
        medianMs: evaluate?.medianMs,
        met: evaluate === undefined ? 'not measured' : evaluate.medianMs < TARGETS.evaluateMs,
      },
      eachBundleOnce: {
        // 500 bundles found twice: 500 evidence with 2 sources each (checked in every run), and
        // no more than TARGETS.dedupRatio × the time of finding each once.
        maxRatio: TARGETS.dedupRatio,
        ratio: dedupRatio,
        met: att === undefined ? 'not measured' : dedupRatio <= TARGETS.dedupRatio,
      },
    },
  };
}

function stats(ms) {
  return { timesMs: ms.map(round), medianMs: round(median(ms)), minMs: round(Math.min(...ms)) };
}

function timed(ms, bundles, samples) {
  const rss = samples.map((s) => s.maxRssKiB / 1024);
  return {
    ...stats(ms),
    perBundleMedianMs: round2(median(ms) / bundles),
    perBundleMinMs: round2(Math.min(...ms) / bundles),
    peakRssMiB: rss.map(round),
    medianPeakRssMiB: round(median(rss)),
  };
}

function version(name) {
  const require = createRequire(import.meta.url);
  const dir = require.resolve(`${name}/package.json`);
  return JSON.parse(readFileSync(dir, 'utf8')).version;
}

const verdict = (met) => (met === true ? '**PASS**' : met === false ? '**FAIL**' : 'not measured');
const ms1 = (v) =>
  v === undefined
    ? '—'
    : v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const ms2 = (v) => (v === undefined ? '—' : v.toFixed(2));

/** The figures as markdown, ready for a README. */
export function toMarkdown(r) {
  const i = r.inputs;
  const row = (what, s, perBundle = true) =>
    s === undefined
      ? `| ${what} | not measured | | | |`
      : `| ${what} | ${fmt(s.medianMs)} | ${fmt(s.minMs)} | ${perBundle ? ms2(s.perBundleMedianMs) : ''} | ${s.medianPeakRssMiB === undefined ? '' : fmt(s.medianPeakRssMiB)} |`;
  const t = r.targets;
  return [
    `verify benchmark: ${fmt(i.pods)} pods (${fmt(i.containers)} containers) of ${fmt(i.byKind.Deployment)} Deployments ` +
      `over ${fmt(i.images)} images, ${fmt(i.bundles)} keyless bundles (${fmt(i.deploymentOriginBundles)} deployment-origin, ` +
      `${fmt(i.provenanceOnlyBundles)} SLSA provenance only), snapshot ${(i.snapshotBytes / 1024 / 1024).toFixed(1)} MiB; ` +
      `${r.runs} run${r.runs === 1 ? '' : 's'} each; node ${r.node}, ${r.cpu} (${r.cores} cores); @sigstore/verify ${r.versions.sigstoreVerify}; ` +
      `load average ${r.loadAverage.before[0]} before, ${r.loadAverage.after[0]} after`,
    '',
    '| measurement | median (ms) | min (ms) | per bundle, median (ms) | median peak RSS (MiB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    row(
      'baseline: `@sigstore/verify` `Verifier`, 500 bundles (parse, `bundleFromJSON`, `verify` with anchored SAN + issuer)',
      r.baseline,
    ),
    row(
      'trailmark: `verifyAttestations` (`@trailmark/verify`), the same 500 bundles',
      r.trailmark?.verifyAttestations,
    ),
    row(
      'trailmark: `evaluate()`, inventory + checks of 5,000 pods with that evidence (first call in the process, as the CLI runs it)',
      r.trailmark?.evaluate,
      false,
    ),
    row(
      'trailmark: `evaluate()` again in the same process (warm)',
      r.trailmark?.evaluateWarm,
      false,
    ),
    row(
      'trailmark: `verify()` facade end to end (read snapshot + bundle dir, verify, evaluate)',
      r.facade,
    ),
    `| **ratio** per bundle, baseline ÷ trailmark | **${r.perBundleRatio === undefined ? '—' : `${r.perBundleRatio.toFixed(2)}×`}** | | | |`,
    '',
    r.pairedRatio === undefined
      ? 'trailmark side not measured: ' +
        (r.notMeasured ?? []).join(', ') +
        ' missing from the built packages.'
      : `Median of per-pair ratios: ${r.pairedRatio.toFixed(2)}×. Each bundle handed over a second time (re-serialised compact): ` +
        `${fmt(r.trailmark.eachBundleTwice.medianMs)} ms for 1,000 candidates → 500 evidence with 2 sources each, each verified once.`,
    '',
    '| target (issue 11) | measured | result |',
    '| --- | ---: | --- |',
    `| ≤ ${t.perBundle.targetMs} ms per bundle, amortised | ${ms2(t.perBundle.medianMs)} ms | ${verdict(t.perBundle.met)} |`,
    `| inventory + checks of 5,000 pods < ${t.inventoryAndChecks.targetMs} ms | ${ms1(t.inventoryAndChecks.medianMs)} ms | ${verdict(t.inventoryAndChecks.met)} |`,
    `| each bundle verified exactly once (\`onVerify\` once per id; found twice: one evidence, ≤ ${t.eachBundleOnce.maxRatio}× the time) | ${t.eachBundleOnce.ratio === undefined ? '—' : `${t.eachBundleOnce.ratio.toFixed(2)}×`} | ${verdict(t.eachBundleOnce.met)} |`,
    '',
    ...reportLines(r.facade?.report ?? r.trailmark?.report),
  ].join('\n');
}

function reportLines(report) {
  if (report === undefined) return [];
  const findings = Object.entries(report.findings)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return [
    `Report: verdict ${report.verdict}; ${fmt(report.workloads)} workloads, ${fmt(report.attributed)} attributed, ` +
      `${fmt(report.risky)} risky; findings: ${findings || 'none'}; ${fmt(report.failing)} failing.`,
    '',
  ];
}

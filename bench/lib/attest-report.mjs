// Figures of bench/attest: statistics over the runs, the markdown tables, the results record.
import { cpus, arch, platform } from 'node:os';
import { median, round, round2 } from './stats.mjs';

/** The results record: environment, inputs, per-run figures, medians and ratios. */
export function summarise({ inputs, payloads, baseline, trailmark }) {
  const ratio = (a, b) => round2(median(a) / median(b));
  const base = baseline.map((s) => s.ms);
  const total = trailmark.map((s) => s.ms);
  return {
    benchmark: 'attest',
    date: new Date().toISOString(),
    node: process.version,
    openssl: process.versions.openssl,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    inputs,
    payloads,
    runs: baseline.length,
    baseline: { ...stats(base), peakRssMiB: rss(baseline), byKind: byKind(baseline) },
    trailmark: {
      ...stats(total),
      build: stats(trailmark.map((s) => s.buildMs)),
      sign: stats(trailmark.map((s) => s.signMs)),
      peakRssMiB: rss(trailmark),
      byKind: byKind(trailmark),
    },
    ratio: ratio(total, base),
    signRatio: ratio(
      trailmark.map((s) => s.signMs),
      base,
    ),
    // Each trailmark run over the baseline run just before it: steadier when load drifts.
    pairedRatio: round2(median(total.map((ms, i) => ms / base[i]))),
  };
}

function stats(ms) {
  return { timesMs: ms.map(round), medianMs: round(median(ms)), minMs: round(Math.min(...ms)) };
}

function rss(samples) {
  const mib = samples.map((s) => s.maxRssKiB / 1024);
  return { runs: mib.map(round), median: round(median(mib)) };
}

// Median signing time of each statement kind.
function byKind(samples) {
  const kinds = samples[0]?.byKind.map((k) => k.kind) ?? [];
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      round(median(samples.map((s) => s.byKind.find((k) => k.kind === kind).ms))),
    ]),
  );
}

/** The figures as markdown, ready for a README. */
export function toMarkdown(r) {
  const { inputs: i, payloads: p } = r;
  const ms = (value) => value.toFixed(1);
  const row = (what, s, rssMiB = '') =>
    `| ${what} | ${ms(s.medianMs)} | ${ms(s.minMs)} | ${rssMiB} |`;
  const kib = (bytes) => (bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 });
  return [
    `attest benchmark: ${i.images} images, ${i.objects.toLocaleString('en-US')} manifest objects, ` +
      `${i.manifestFiles} manifest files, SBOM of ${i.sbomComponents.toLocaleString('en-US')} components; ` +
      `3 statements, ECDSA P-256 key; ${r.runs} runs each; node ${r.node}, ${r.cpu} (${r.cores} cores)`,
    '',
    '| measurement | median (ms) | min (ms) | median peak RSS (MiB) |',
    '| --- | ---: | ---: | ---: |',
    row(
      "baseline: node:crypto `createPrivateKey` + PAE + `sign('sha256')` ×3",
      r.baseline,
      ms(r.baseline.peakRssMiB.median),
    ),
    row(
      'trailmark: statements built (subjects, 3 predicates, `buildStatement` ×3)',
      r.trailmark.build,
    ),
    row(
      'trailmark: signed (`createKeyBundler`, `signStatement` ×3, bundle JSON)',
      r.trailmark.sign,
    ),
    row('trailmark: total', r.trailmark, ms(r.trailmark.peakRssMiB.median)),
    `| **ratio** trailmark total / baseline (median time) | **${r.ratio.toFixed(2)}** | | |`,
    `| ratio trailmark signing / baseline | ${r.signRatio.toFixed(2)} | | |`,
    '',
    `Median of per-pair ratios (total): ${r.pairedRatio.toFixed(2)}.`,
    '',
    '| statement | DSSE payload (KiB) | trailmark signing, median (ms) | baseline signing, median (ms) |',
    '| --- | ---: | ---: | ---: |',
    ...Object.keys(p).map(
      (kind) =>
        `| ${kind} | ${kib(p[kind].bytes)} | ${ms(r.trailmark.byKind[kind])} | ${ms(r.baseline.byKind[kind])} |`,
    ),
    '',
  ].join('\n');
}

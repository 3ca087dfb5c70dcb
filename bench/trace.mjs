// bench/trace: 10,000 alerts of mixed formats (Falco, falcosidekick, Kubernetes audit, Tetragon,
// Alertmanager) traced in-process against a 10,000-pod cluster view, next to parsing the same
// payloads with JSON.parse alone in the same run. See bench/README.md.
//
//   node bench/trace.mjs     measure, print markdown, write results/trace.json
//
// The tracer (verify's report for every workload, origin records by object and label, the cluster
// indexes) is built once, as `trailmark trace` and serve do, and timed separately; the per-alert
// figure is parsing + resolution + the incident record. Rounds alternate baseline and trailmark.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJson } from './lib/report.mjs';
import { median, positiveInt, round, round2 } from './lib/stats.mjs';
import { buildAlertFiles } from './lib/trace-alerts.mjs';
import { buildTraceCluster } from './lib/trace-cluster.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const RESULTS = join(HERE, 'results', 'trace.json');
const DIST = (pkg, file = 'index.js') => join(ROOT, 'packages', pkg, 'dist', file);
const TARGET_RATIO = 3;
const ALERTS = 10_000;

const core = await import(DIST('core'));
const { parseAlerts } = await import(DIST('trace'));
const { defaultPolicy } = await import(DIST('verify'));
const { createTracer } = await import(DIST('trailmark', 'tracer.js'));

const runs = positiveInt('BENCH_RUNS', 7);
const { fleet, snapshot, evidence } = buildTraceCluster(core);
const files = buildAlertFiles(fleet, ALERTS);
const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
const pods = snapshot.objects.filter((o) => o.kind === 'Pod').length;
const now = new Date('2026-12-02T10:05:00Z');

let started = performance.now();
const tracer = createTracer({ snapshot, evidence, policy: defaultPolicy(), now });
const prepareMs = performance.now() - started;

// JSON.parse alone: every line of every file (each line is one producer payload).
function baseline() {
  let count = 0;
  for (const { text } of files) {
    let from = 0;
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
      if (at > from) {
        const value = JSON.parse(text.slice(from, at));
        count += Array.isArray(value.alerts) ? value.alerts.length : 1;
      }
      from = at + 1;
    }
  }
  return count;
}

function trailmark(tracer, stats) {
  let count = 0;
  let parseMs = 0;
  for (const { file, text } of files) {
    const t0 = performance.now();
    const alerts = parseAlerts(text, file);
    parseMs += performance.now() - t0;
    for (const alert of alerts) {
      const incident = tracer(alert, now);
      count++;
      if (stats)
        stats[incident.resolution.status === 'resolved' ? incident.resolution.via : 'unresolved']++;
    }
  }
  return { count, parseMs };
}

const tally = {
  'owner-references': 0,
  'pod-template-hash': 0,
  'origin-label': 0,
  object: 0,
  unresolved: 0,
};
const warm = trailmark(tracer, tally);
if (warm.count !== ALERTS || baseline() !== ALERTS)
  throw new Error(`expected ${ALERTS} alerts, traced ${warm.count}`);

// Cold: a fresh tracer per round (built untimed), so every workload and pod is met for the first
// time — `trailmark trace` on a file. Warm: the same tracer again — serve, one tracer per view.
const base = [];
const traced = [];
const warmed = [];
const parsed = [];
let peakRss = process.memoryUsage().rss;
for (let i = 0; i < runs; i++) {
  started = performance.now();
  baseline();
  base.push(performance.now() - started);
  const fresh = createTracer({ snapshot, evidence, policy: defaultPolicy(), now });
  started = performance.now();
  const { parseMs } = trailmark(fresh);
  traced.push(performance.now() - started);
  parsed.push(parseMs);
  started = performance.now();
  trailmark(fresh);
  warmed.push(performance.now() - started);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

const baseMs = median(base);
const traceMs = median(traced);
const warmMs = median(warmed);
const parseMs = median(parsed);
const results = {
  machine: {
    cpus: (await import('node:os')).cpus().length,
    node: process.version,
    loadavg: loadavg().map(round2),
  },
  inputs: {
    alerts: ALERTS,
    bytes,
    pods,
    objects: snapshot.objects.length,
    bundles: evidence.length,
    files: files.map((f) => ({ file: f.file, alerts: f.alerts })),
  },
  resolution: tally,
  prepareMs: round(prepareMs),
  baseline: { jsonParseMs: round(baseMs), alertsPerSecond: Math.round((ALERTS / baseMs) * 1000) },
  trailmark: {
    traceMs: round(traceMs),
    parseMs: round(parseMs),
    alertsPerSecond: Math.round((ALERTS / traceMs) * 1000),
    microsecondsPerAlert: round((traceMs * 1000) / ALERTS),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
  },
  warm: { traceMs: round(warmMs), alertsPerSecond: Math.round((ALERTS / warmMs) * 1000) },
  ratios: {
    trace: round2(traceMs / baseMs),
    warm: round2(warmMs / baseMs),
    parse: round2(parseMs / baseMs),
  },
  targets: {
    traceRatio: {
      target: `≤ ${TARGET_RATIO}, judged cold (a fresh tracer)`,
      value: round2(traceMs / baseMs),
      met: traceMs / baseMs <= TARGET_RATIO,
    },
  },
  runs,
};

console.log(`## bench/trace — ${ALERTS.toLocaleString('en')} alerts, ${pods.toLocaleString('en')}-pod view (${runs} rounds, medians; load ${results.machine.loadavg[0]})

| | time | alerts/s | ratio to JSON.parse |
|---|---|---|---|
| JSON.parse alone (${(bytes / 2 ** 20).toFixed(1)} MiB) | ${round(baseMs)} ms | ${results.baseline.alertsPerSecond.toLocaleString('en')} | 1 |
| trailmark parse (parseAlerts) | ${round(parseMs)} ms | ${Math.round((ALERTS / parseMs) * 1000).toLocaleString('en')} | ${results.ratios.parse} |
| trailmark trace, cold (parse + resolve + incident, fresh tracer) | ${round(traceMs)} ms | ${results.trailmark.alertsPerSecond.toLocaleString('en')} | **${results.ratios.trace}** (target ≤ ${TARGET_RATIO}) |
| trailmark trace, warm (same tracer again, as serve) | ${round(warmMs)} ms | ${results.warm.alertsPerSecond.toLocaleString('en')} | ${results.ratios.warm} |

Tracer built once: ${round(prepareMs)} ms (verify's report for ${fleet.length} workloads, indexes). Peak RSS ${results.trailmark.peakRssMiB} MiB.
Resolved via: ${Object.entries(tally)
  .map(([k, v]) => `${k} ${v}`)
  .join(', ')}.`);
writeFileSync(RESULTS, `${toJson(results)}\n`);
if (!results.targets.traceRatio.met) {
  console.error(
    `bench/trace: target missed: trace ${results.ratios.trace}× JSON.parse (target ≤ ${TARGET_RATIO})`,
  );
  process.exitCode = 1;
}

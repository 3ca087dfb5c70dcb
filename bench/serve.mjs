// bench/serve: `trailmark serve` (the built CLI, a child process, SQLite outbox in a temp dir,
// a 10,000-pod snapshot view, escalation to GitHub on a local fake API) driven from this process
// over 127.0.0.1 by autocannon: first GET /healthz (the floor: the same server doing no work),
// then POST /v1/alerts with a stream of distinct falcosidekick and Alertmanager alerts, one per
// request, with the bearer token. See bench/README.md.
//
//   node bench/serve.mjs     measure, print markdown, write results/serve.json
//
// BENCH_SECONDS (default 10) per phase, BENCH_CONNECTIONS (default 16). Exits 1 when a target is
// missed: ≥ 2,000 alerts/s, p99 ≤ 25 ms, alerts/s ≥ 40 % of the /healthz requests/s.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { toJson } from './lib/report.mjs';
import { withCpuShare } from './lib/cpu-share.mjs';
import { alertStream } from './lib/serve-alerts.mjs';
import { startServe } from './lib/serve-process.mjs';
import { positiveInt, round, round2 } from './lib/stats.mjs';
import { buildTraceCluster } from './lib/trace-cluster.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const RESULTS = join(HERE, 'results', 'serve.json');
// The bundled CLI, as the npm package runs it (packages/cli/pkg, built by `pnpm run build`).
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'trailmark.js');
const TARGETS = { alertsPerSecond: 2000, p99Ms: 25, floorShare: 0.4 };
const seconds = positiveInt('BENCH_SECONDS', 10);
// More serve flags (e.g. `--workers 0`: the accept path alone, nothing escalated meanwhile).
const extraArgs = (process.env.BENCH_SERVE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const connections = positiveInt('BENCH_CONNECTIONS', 16);
// Open `trailmark` issues the repository has before the run (other incidents, updated a day ago).
const openIssues = Number(process.env.BENCH_SERVE_OPEN_ISSUES ?? '0') || 0;

const core = await import(join(ROOT, 'packages', 'core', 'dist', 'index.js'));
const { startFakeGithub } = await import(join(ROOT, 'packages', 'testing', 'dist', 'index.js'));
const { fleet, snapshot } = buildTraceCluster(core);
const pods = snapshot.objects.filter((o) => o.kind === 'Pod').length;
const dir = mkdtempSync(join(tmpdir(), 'trailmark-bench-serve-'));
const token = `bench-${process.pid}-${Date.now().toString(36)}`;
writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(snapshot));
writeFileSync(join(dir, 'token'), `${token}\n`);
const store = `sqlite:${join(dir, 'outbox.db')}`;
// acme/platform: the repository the bench cluster's workloads name (lib/trace-cluster.mjs).
const dayAgo = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const github = await startFakeGithub({
  visibility: { 'acme/platform': 'private' },
  issues: {
    'acme/platform': Array.from({ length: openIssues }, (_, i) => ({
      title: `earlier incident ${i + 1}`,
      body: `Earlier.\n\n<!-- trailmark:fingerprint sha256:${(i + 1).toString(16).padStart(64, 'f')} -->`,
      labels: ['trailmark', 'security'],
      updatedAt: dayAgo,
    })),
  },
});
const server = await startServe(
  CLI,
  [
    '--snapshot',
    join(dir, 'snapshot.json'),
    '--token-file',
    join(dir, 'token'),
    '--store',
    store,
  ].concat(['--escalate', 'github'], extraArgs),
  { GITHUB_TOKEN: github.token, GITHUB_API_URL: github.url },
  (process.env.BENCH_SERVE_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
);

const load = { before: loadavg().map(round2) };
const next = alertStream(fleet);
const counts = { falcosidekick: 0, alertmanager: 0 };
const alertsRequest = {
  method: 'POST',
  path: '/v1/alerts',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  setupRequest: (request) => {
    const { body, format } = next();
    counts[format]++;
    return { ...request, body };
  },
};
const run = (options) =>
  autocannon({ url: server.url, connections, duration: seconds, ...options });
try {
  await run({ duration: 2, requests: [alertsRequest] }); // warm-up, not counted
  const floor = await withCpuShare(server.pid, () =>
    run({ requests: [{ method: 'GET', path: '/healthz' }] }),
  );
  const alerts = await withCpuShare(server.pid, () => run({ requests: [alertsRequest] }));
  load.after = loadavg().map(round2);
  const status = execFileSync(process.execPath, [CLI, 'serve', '--status', '--store', store], {
    encoding: 'utf8',
  });
  const issues = github.issues('acme/platform');
  const listings = github.requests.filter(
    (r) => r.method === 'GET' && r.path === '/repos/acme/platform/issues',
  );
  const escalated = {
    issues: issues.length - openIssues,
    comments: issues.reduce((sum, issue) => sum + issue.comments.length, 0),
    searches: github.requests.filter((r) => r.path === '/search/issues').length,
    listingPages: listings.length,
    sinceListingPages: listings.filter((r) => r.query.since !== undefined).length,
  };
  report(floor, alerts, status, escalated);
  if (process.env.BENCH_SERVE_LOG) console.error(server.stderr().slice(-6000));
} finally {
  await server.stop();
  await github.stop();
  rmSync(dir, { recursive: true, force: true });
}

function figures({ result, cpu }) {
  return {
    cpu,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    perSecond: round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

function report(floorRun, alertsRun, status, escalated) {
  const floor = figures(floorRun);
  const alerts = figures(alertsRun);
  const share = round2(alerts.perSecond / floor.perSecond);
  const met = {
    alertsPerSecond: alerts.perSecond >= TARGETS.alertsPerSecond,
    p99Ms: alerts.latencyMs.p99 <= TARGETS.p99Ms,
    floorShare: share >= TARGETS.floorShare,
    every2xx: alerts.non2xx === 0 && alerts.errors === 0,
  };
  const results = {
    benchmark: 'serve',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, loadavg: load },
    inputs: {
      pods,
      objects: snapshot.objects.length,
      seconds,
      connections,
      store: 'sqlite',
      serveArgs: extraArgs,
      openIssuesBefore: openIssues,
    },
    healthz: floor,
    alerts: { ...alerts, sent: { ...counts } },
    floorShare: share,
    outboxStatus: status.trim(),
    escalatedDuringRun: escalated,
    targets: { ...TARGETS, met },
  };
  writeFileSync(RESULTS, `${toJson(results)}\n`);
  console.log(`## bench/serve — ${pods.toLocaleString('en')}-pod view, SQLite outbox, ${connections} connections, ${seconds} s per phase (load ${load.before[0]} → ${load.after[0]})

| | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
| GET /healthz (floor) | ${floor.perSecond.toLocaleString('en')} | ${floor.latencyMs.p50} ms | ${floor.latencyMs.p99} ms | ${floor.non2xx} |
| POST /v1/alerts (1 alert each) | **${alerts.perSecond.toLocaleString('en')}** (target ≥ ${TARGETS.alertsPerSecond}) | ${alerts.latencyMs.p50} ms | **${alerts.latencyMs.p99} ms** (target ≤ ${TARGETS.p99Ms}) | ${alerts.non2xx} |

CPU (cores busy over each phase): /healthz server ${floor.cpu.serverCores}, load generator + fake GitHub ${floor.cpu.generatorCores}; alerts server ${alerts.cpu.serverCores}, load generator + fake GitHub ${alerts.cpu.generatorCores}.

Alerts at **${Math.round(share * 100)} %** of the floor (target ≥ ${TARGETS.floorShare * 100} %). Sent: ${counts.falcosidekick} falcosidekick, ${counts.alertmanager} Alertmanager (warm-up included).
Outbox after the run: ${status.trim().split('\n').join(' · ')}; escalated meanwhile: ${escalated.issues} issues, ${escalated.comments} comments on the fake GitHub (${openIssues} open before); GitHub requests: ${escalated.searches} searches, ${escalated.listingPages} listing pages (${escalated.sinceListingPages} with \`since\`).`);
  const missed = Object.entries(met)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  if (missed.length > 0) {
    console.error(`bench/serve: target missed: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}

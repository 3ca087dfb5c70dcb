// Figures of bench/sbom: statistics over the runs, the markdown tables, the results record.
import { readFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { fmt, mib } from './report.mjs';
import { median, round, round2 } from './stats.mjs';

const TARGET_PEER_RATIO = 10;
const TARGET_5000_MS = 1_000;
const TARGET_STARTUP_MS = 100;

/** The results record: environment, versions, generation, validation, the peer comparison, targets. */
export function summarise({ root, runs, load, generation, validation, peers, startup }) {
  const peerSides = peers.map(({ project, install, peer }) =>
    summarisePeer(project, install, peer),
  );
  const synthetic = generation.find((g) => g.input.synthetic);
  const syntheticMs =
    synthetic === undefined ? undefined : median(synthetic.samples.map((s) => s.ms));
  return {
    benchmark: 'sbom',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    loadAverage: load,
    versions: {
      cyclonedxNpm: packageVersion(join(root, 'node_modules', '@cyclonedx', 'cyclonedx-npm')),
      cyclonedxLibrary: packageVersion(
        join(root, 'packages', 'sbom', 'node_modules', '@cyclonedx', 'cyclonedx-library'),
      ),
      npm: peers[0]?.install.npm,
    },
    runs,
    generation: generation.map(summariseGeneration),
    validation: validation.map(summariseValidation),
    peers: peerSides,
    startup: {
      nodeFloor: stats(startup.floor.map((s) => s.ms)),
      version: stats(startup.version.map((s) => s.ms)),
      help: stats(startup.help.map((s) => s.ms)),
    },
    targets: {
      // The installed CLI (`trailmark sbom`, schema check on) against the validating peer, per
      // project: the median of per-pair ratios.
      peerRatio: {
        target: TARGET_PEER_RATIO,
        cli: Object.fromEntries(peerSides.map((p) => [p.id, p.ratios.pairedCli])),
        met: peerSides.every((p) => p.ratios.pairedCli >= TARGET_PEER_RATIO),
      },
      startup: {
        targetMs: TARGET_STARTUP_MS,
        versionMedianMs: round(median(startup.version.map((s) => s.ms))),
        helpMedianMs: round(median(startup.help.map((s) => s.ms))),
        met:
          median(startup.version.map((s) => s.ms)) < TARGET_STARTUP_MS &&
          median(startup.help.map((s) => s.ms)) < TARGET_STARTUP_MS,
      },
      synthetic5000: {
        targetMs: TARGET_5000_MS,
        medianMs: syntheticMs === undefined ? undefined : round(syntheticMs),
        met: syntheticMs !== undefined && syntheticMs < TARGET_5000_MS,
      },
    },
  };
}

function summariseGeneration({ input, samples }) {
  const counts = samples[0].counts;
  const stage = (name) => round(median(samples.map((s) => s.stages[name])));
  return {
    input: input.label,
    synthetic: input.synthetic,
    how: input.how,
    ...counts,
    ...stats(samples.map((s) => s.ms)),
    stagesMedianMs: {
      read: stage('readMs'),
      build: stage('buildMs'),
      serialize: stage('serializeMs'),
    },
    warmMedianMs: round(median(samples.flatMap((s) => s.warmMs))),
    medianLoadMs: round(median(samples.map((s) => s.loadMs))),
    medianWallMs: round(median(samples.map((s) => s.wallMs))),
    peakRssMiB: samples.map((s) => round(s.maxRssKiB / 1024)),
    medianPeakRssMiB: round(median(samples.map((s) => s.maxRssKiB / 1024))),
  };
}

function summariseValidation(v) {
  return {
    input: v.input.label,
    synthetic: v.input.synthetic,
    components: v.counts.components,
    bytes: v.bytes,
    firstMs: round(v.firstMs),
    ...stats(v.laterMs),
    peakRssAfterGenerationMiB: round(v.generatedRssKiB / 1024),
    peakRssMiB: round(v.maxRssKiB / 1024),
  };
}

function summarisePeer(project, install, peer) {
  const ms = (samples, key = 'ms') => samples.map((s) => s[key]);
  const peerMedian = median(ms(peer.peer));
  const ratio = (samples, key) => round2(peerMedian / median(ms(samples, key)));
  const ratios = {
    process: ratio(peer.trailmark),
    pairedProcess: round2(median(peer.trailmark.map((s, i) => peer.peer[i].ms / s.ms))),
    inProcess: ratio(peer.trailmark, 'workMs'),
    noValidationBoth: round2(median(ms(peer.peerNoValidate)) / median(ms(peer.trailmark))),
    floor: ratio(peer.floor),
    cli: peer.cli.length > 0 ? ratio(peer.cli) : undefined,
    pairedCli:
      peer.cli.length > 0
        ? round2(median(peer.cli.map((s, i) => peer.peer[i].ms / s.ms)))
        : undefined,
  };
  return {
    id: project.id,
    project: `${project.label} (${project.fixture.join('/')}), npm ci`,
    lockfileEntries: install.packages,
    npmCiMs: round(install.installMs),
    purls: peer.purls,
    peer: stats(ms(peer.peer)),
    peerNoValidate: stats(ms(peer.peerNoValidate)),
    trailmark: {
      ...stats(ms(peer.trailmark)),
      components: peer.trailmark[0]?.counts.components,
      medianPeakRssMiB: round(median(peer.trailmark.map((s) => s.maxRssKiB / 1024))),
      medianLoadMs: round(median(ms(peer.trailmark, 'loadMs'))),
    },
    trailmarkInProcess: stats(ms(peer.trailmark, 'workMs')),
    cli: peer.cliAvailable ? stats(ms(peer.cli)) : undefined,
    nodeFloor: stats(ms(peer.floor)),
    ratios,
  };
}

/** The figures as markdown, ready for a README. */
export function toMarkdown(r) {
  const x = (value) => (value === undefined ? '' : `${value.toFixed(1)}×`);
  const peerRow = (what, s, ratio) =>
    s === undefined ? [] : [`| ${what} | ${fmt(s.medianMs)} | ${fmt(s.minMs)} | ${ratio} |`];
  const t = r.targets;
  return [
    `sbom benchmark: ${r.runs} runs each; node ${r.node}, ${r.cpu} (${r.cores} cores); ` +
      `@cyclonedx/cyclonedx-npm ${r.versions.cyclonedxNpm}, npm ${r.versions.npm}, ` +
      `@cyclonedx/cyclonedx-library ${r.versions.cyclonedxLibrary}; ` +
      `load average ${r.loadAverage.before[0]} before, ${r.loadAverage.after[0]} after`,
    '',
    'Generation: lockfile → CycloneDX 1.6 JSON (read + parse, build, serialise), the first run in a fresh process each time',
    '',
    '| input | packages | components | median (ms) | min (ms) | read / build / serialise (ms) | warm median (ms) | peak RSS (MiB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.generation.map(
      (g) =>
        `| ${g.input} | ${fmt(g.packages)} | ${fmt(g.components)} | ${fmt(g.medianMs)} | ${fmt(g.minMs)} | ` +
        `${fmt(g.stagesMedianMs.read)} / ${fmt(g.stagesMedianMs.build)} / ${fmt(g.stagesMedianMs.serialize)} | ` +
        `${fmt(g.warmMedianMs)} | ${fmt(g.medianPeakRssMiB)} |`,
    ),
    '',
    'Schema validation: the official CycloneDX 1.6 JSON schema (strict), one compiled validator per process',
    '',
    '| input | components | JSON (MiB) | first validation, with schema compile (ms) | later validations, median (ms) | peak RSS after generation → after validation (MiB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...r.validation.map(
      (v) =>
        `| ${v.input} | ${fmt(v.components)} | ${mib(v.bytes)} | ${fmt(v.firstMs)} | ${fmt(v.medianMs)} | ` +
        `${fmt(v.peakRssAfterGenerationMiB)} → ${fmt(v.peakRssMiB)} |`,
    ),
    '',
    ...r.peers.flatMap((p) => peerSection(p, x, peerRow)),
    'Start-up: the installed CLI, each a fresh process, interleaved with the floor',
    '',
    '| measurement | median (ms) | min (ms) |',
    '| --- | ---: | ---: |',
    `| \`node -e 0\` (the floor) | ${fmt(r.startup.nodeFloor.medianMs)} | ${fmt(r.startup.nodeFloor.minMs)} |`,
    `| \`trailmark --version\` | ${fmt(r.startup.version.medianMs)} | ${fmt(r.startup.version.minMs)} |`,
    `| \`trailmark --help\` | ${fmt(r.startup.help.medianMs)} | ${fmt(r.startup.help.minMs)} |`,
    '',
    `Targets: the installed CLI ≥ ${t.peerRatio.target}× faster than the peer, both validating (median of per-pair ratios): ` +
      `${Object.entries(t.peerRatio.cli)
        .map(([id, ratio]) => `${id} ${x(ratio)}`)
        .join(', ')}, ` +
      `${t.peerRatio.met ? 'met' : 'NOT met'}; generation of ${fmt(r.generation.find((g) => g.synthetic)?.packages ?? NaN)} ` +
      `(synthetic) packages under ${fmt(t.synthetic5000.targetMs)} ms: ${fmt(t.synthetic5000.medianMs ?? NaN)} ms, ` +
      `${t.synthetic5000.met ? 'met' : 'NOT met'}; \`--version\` and \`--help\` under ${fmt(t.startup.targetMs)} ms: ` +
      `${fmt(t.startup.versionMedianMs)} and ${fmt(t.startup.helpMedianMs)} ms, ${t.startup.met ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}

function peerSection(p, x, peerRow) {
  return [
    `Peer: ${p.project} (${fmt(p.lockfileEntries)} lockfile entries; npm ci took ${fmt(p.npmCiMs)} ms), ` +
      'runs interleaved, wall time from spawn to exit',
    '',
    '| measurement | median (ms) | min (ms) | peer ÷ this |',
    '| --- | ---: | ---: | ---: |',
    ...peerRow(
      '`cyclonedx-npm --omit dev` (the peer; validates its output by default)',
      p.peer,
      x(1),
    ),
    ...peerRow(
      '`cyclonedx-npm --omit dev --no-validate`',
      p.peerNoValidate,
      x(p.peer.medianMs / p.peerNoValidate.medianMs),
    ),
    ...peerRow(
      'trailmark process: read lockfile + manifests, build, serialise, write (no validation)',
      p.trailmark,
      x(p.ratios.process),
    ),
    ...peerRow(
      'trailmark in-process: the same work only (no node start, no module load)',
      p.trailmarkInProcess,
      x(p.ratios.inProcess),
    ),
    ...peerRow(
      '**`trailmark sbom DIR -o FILE`** (the installed CLI: finds lockfiles, validates its output)',
      p.cli,
      `**${x(p.ratios.cli)}** (paired ${x(p.ratios.pairedCli)})`,
    ),
    ...peerRow(
      '`node -e 0` (the floor: a node process doing nothing)',
      p.nodeFloor,
      x(p.ratios.floor),
    ),
    '',
    `npm purls: the peer ${p.purls.peer}, trailmark ${p.purls.trailmark} (contains all of the peer's). ` +
      `trailmark process: module load ${fmt(p.trailmark.medianLoadMs)} ms, peak RSS ${fmt(p.trailmark.medianPeakRssMiB)} MiB. ` +
      `Median of per-pair ratios: ${x(p.ratios.pairedProcess)}; both without validation: ${x(p.ratios.noValidationBoth)}.`,
    '',
  ];
}

/** A BOM's npm purls (nested components too) as `pkg:npm/<ns>/<name>@<version>`, percent-decoded. */
export function npmPurlKeys(bom) {
  const keys = new Set();
  const walk = (components) => {
    for (const component of components ?? []) {
      const bare = (component.purl ?? '').split('#')[0].split('?')[0];
      if (bare.startsWith('pkg:npm/')) keys.add(bare.split('/').map(decodeURIComponent).join('/'));
      walk(component.components);
    }
  };
  walk(bom.components);
  return keys;
}

function stats(ms) {
  return { timesMs: ms.map(round), medianMs: round(median(ms)), minMs: round(Math.min(...ms)) };
}

function packageVersion(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

// Figures of bench/stamp: statistics over the runs, the markdown table, the results JSON.
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform } from 'node:os';
import { join } from 'node:path';
import { median, round, round2 } from './stats.mjs';

/** The results record: environment, stream, per-run figures, medians, ratio, git work. */
export function summarise({
  root,
  targetRatio,
  targetRssMiB,
  stream,
  lexer,
  jsYaml,
  fallbacks,
  baseline,
  stamped,
  gitWork,
}) {
  const floor = stats('yaml Lexer pass over the stream (floor)', lexer);
  const js = stats('js-yaml loadAll', jsYaml);
  const a = {
    ...stats('yaml parseAllDocuments + Document#toString (baseline)', baseline),
    medianParseMs: round(median(baseline.map((s) => s.parsedMs))),
  };
  const b = stats('trailmark stamp() facade, git facts from a real repo', stamped);
  const ratio = round2(median(stamped.map((s) => s.ms)) / median(lexer.map((s) => s.ms)));
  // Each stamp run over the Lexer run of the same round: less sensitive to load that drifts.
  const pairedRatio = round2(median(stamped.map((s, i) => s.ms / lexer[i].ms)));
  const ratioToYaml = round2(median(stamped.map((s) => s.ms)) / median(baseline.map((s) => s.ms)));
  return {
    benchmark: 'stamp',
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    platform: `${platform()} ${arch()}`,
    yamlVersion: packageVersion(root, 'yaml'),
    stream,
    jsYamlVersion: packageVersion(root, 'js-yaml'),
    timing: 'whole process, fork to exit',
    loadavg: loadavg().map(round2),
    runs: baseline.length,
    lexer: floor,
    jsYaml: js,
    baseline: a,
    stamp: {
      ...b,
      records: stamped[0]?.records,
      warnings: stamped[0]?.warnings,
      documents: fallbacks.documents,
      fullParses: fallbacks.fullParses,
      scanFallbacks: fallbacks.scanFallbacks,
    },
    ratio,
    pairedRatio,
    ratioToYaml,
    target: {
      ratio: targetRatio,
      peakRssMiB: targetRssMiB,
      met: ratio <= targetRatio && b.medianPeakRssMiB <= targetRssMiB,
    },
    git: { runs: gitWork, equal: gitWork.every((run) => run.total === gitWork[0]?.total) },
  };
}

function stats(what, samples) {
  const ms = samples.map((s) => s.ms);
  const rss = samples.map((s) => s.maxRssKiB / 1024);
  return {
    what,
    timesMs: ms.map(round),
    peakRssMiB: rss.map(round),
    medianMs: round(median(ms)),
    medianWorkMs: round(median(samples.map((s) => s.workMs))),
    minMs: round(Math.min(...ms)),
    medianPeakRssMiB: round(median(rss)),
  };
}

/** The figures as markdown, ready for a README. */
export function toMarkdown(r) {
  const row = (s) =>
    `| ${s.what} | ${fmt(s.medianMs)} | ${fmt(s.minMs)} | ${fmt(s.medianWorkMs)} | ${fmt(s.medianPeakRssMiB)} |`;
  const gitRow = (g) => {
    const parts = Object.entries(g.bySubcommand).map(([name, count]) => `${name} ${count}`);
    return `| ${g.objects} | ${g.templateFiles} | ${g.total} | ${parts.join(', ')} |`;
  };
  return [
    `stamp benchmark: ${r.stream.objects} objects, ${mib(r.stream.bytes)} MiB, ` +
      `${r.stream.templateFiles} template files; ${r.runs} runs each; ` +
      `node ${r.node}, ${r.cpu} (${r.cores} cores)`,
    '',
    `Whole processes (fork to exit); load average at the end: ${r.loadavg.join(' ')}.`,
    '',
    '| measurement | median (ms) | min (ms) | median work, no start-up (ms) | median peak RSS (MiB) |',
    '| --- | ---: | ---: | ---: | ---: |',
    row(r.lexer),
    row(r.jsYaml),
    row(r.baseline),
    row(r.stamp),
    `| **ratio** stamp / Lexer pass (median time) | **${r.ratio.toFixed(2)}** | | | |`,
    '',
    `Targets ≤ ${r.target.ratio.toFixed(1)}x the Lexer pass and ≤ ${r.target.peakRssMiB} MiB: ` +
      `${r.target.met ? 'met' : 'NOT met'}. Median of per-round ratios: ` +
      `${r.pairedRatio.toFixed(2)}; stamp / yaml parse+toString: ${r.ratioToYaml.toFixed(2)}. ` +
      `Documents the stream scanner handed to the lean pass: ${r.stamp.scanFallbacks} of ` +
      `${r.stamp.documents}; the lean pass to the full yaml Document: ${r.stamp.fullParses}.`,
    '',
    '| objects | template files | git processes | by subcommand |',
    '| ---: | ---: | ---: | --- |',
    ...r.git.runs.map(gitRow),
    '',
  ].join('\n');
}

/** JSON with two-space indentation and short arrays of scalars on one line, as Prettier prints. */
export function toJson(value, indent = '') {
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object')) {
    const inline = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    if (inline.length + indent.length < 70) return inline;
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value)
    ? value.map((item) => `${inner}${toJson(item, inner)}`)
    : Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => `${inner}${JSON.stringify(key)}: ${toJson(item, inner)}`);
  if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.join(',\n')}\n${indent}${close}`;
}

function packageVersion(root, name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Milliseconds (or MiB) with thousands separators, no decimals. */
export function fmt(value) {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** Bytes as MiB with one decimal. */
export function mib(bytes) {
  return (bytes / 1024 / 1024).toFixed(1);
}

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  IMAGE_PIN_DEPRECATED,
  formatSchemaIssues,
  parseImagePin,
  type OriginRecords,
} from '@trailmark/core';
import type { GitClient } from '@trailmark/git';
import { openRepository } from './open-repository.js';
import {
  collectHints,
  filesToRead,
  includedFilesToRead,
  locateObjects,
  parseManifestStream,
  parseValuesFile,
  stampStreams,
  type ChartNode,
  type HintedObject,
  type ValuesFile,
} from '@trailmark/manifest';
import { findChartDir } from './find-chart.js';
import { ownersByPath, readCodeowners, readIntroducers } from './read-facts.js';
import { readChartTree, toRepoPath } from './read-chart-tree.js';
import { readIncludedFiles } from './read-included-files.js';
import { readText } from './read-file.js';
import { readManifestInputs, type ManifestInput } from './read-inputs.js';
import { resolveConfig, type TrailmarkConfig } from './config.js';
import { permalinkBase, resolveRunFacts, type Environment, type RunFlags } from './run-facts.js';
import { schemaValidator } from './schemas.js';

/** Options of {@link stamp}; the CLI and the Action turn flags into these. */
export interface StampOptions extends RunFlags {
  /** Files, directories, or `-` for standard input. */
  inputs: readonly string[];
  cwd: string;
  env: Environment;
  /** The resolved environment (default: `resolveConfig({ env })`). */
  config?: TrailmarkConfig;
  /** Reads standard input (called only when an input is `-`). */
  readStdin?: () => Promise<string>;
  /** Chart directory; found in the repository by the name in `# Source:` when absent. */
  chart?: string;
  /** Values files the release was rendered with (`helm -f`), in order. */
  values?: readonly string[];
  /** Directory kustomize origin paths are relative to (default: cwd). */
  kustomizeRoot?: string;
  /** `REF@sha256:…` pins (the deprecated `REF=sha256:…` is accepted with a warning). */
  images?: readonly string[];
  annotations?: 'full' | 'minimal';
}

/** The stamped streams, the origin records and what went less than perfectly. */
export interface StampResult {
  outputs: { input: ManifestInput; text: string }[];
  records: OriginRecords;
  warnings: string[];
}

/** Stamps rendered manifests with their origin (docs/stamp.md). */
export async function stamp(options: StampOptions): Promise<StampResult> {
  const warnings: string[] = [];
  // 1. Read the manifests and parse them (fails fast on bad YAML, naming file:line).
  const inputs = await readManifestInputs(
    options.inputs,
    options.cwd,
    options.readStdin ?? (() => Promise.resolve('')),
  );
  const streams = inputs.map((input) =>
    parseManifestStream(input.text, input.name, { lean: true }),
  );
  // 2. Learn the repository: root, commit, remote; without git, facts are left out.
  const { git, facts: repoFacts } = await openRepository(options.cwd, warnings);
  const repoRoot = repoFacts?.root ?? resolve(options.cwd);
  const config = options.config ?? (await resolveConfig({ env: options.env }));
  const run = resolveRunFacts(options, config.github, repoFacts);
  // 3. Map every object to its template file and line.
  const objects = collectHints(streams);
  const chart = await readChart(options, repoRoot, git, chartNames(objects), warnings);
  const kustomizeRoot = toRepoPath(repoRoot, resolve(options.cwd, options.kustomizeRoot ?? '.'));
  const files = await readRepoFiles(repoRoot, filesToRead(objects, chart, kustomizeRoot));
  const chartFiles = await readIncludedFiles(
    repoRoot,
    includedFilesToRead(objects, chart, kustomizeRoot, files),
    files,
  );
  const streamPaths = inputs.map((input) =>
    input.path && isInside(repoRoot, input.path) ? toRepoPath(repoRoot, input.path) : undefined,
  );
  const userValues = await readValuesFiles(options.values ?? [], options.cwd, repoRoot);
  const chartValues = await readChartValues(repoRoot, chart);
  const locations = locateObjects({
    objects,
    streamPaths,
    chart,
    kustomizeRoot,
    files,
    streams,
    chartFiles,
    values: { chart: chartValues, user: userValues },
  });
  // 4. Who: owners of each source file, introducer of each source line (one blame per file).
  const sources = locations.flatMap((location) => (location.source ? [location.source] : []));
  const codeowners = await readCodeowners(repoRoot, warnings);
  const introducers = await readIntroducers(git, sources);
  // 5. Stamp.
  const output = stampStreams({
    streams,
    objects,
    locations,
    facts: {
      run,
      owners: ownersByPath(
        codeowners,
        sources.map((source) => source.path),
      ),
      introducers,
      imagePins: parsePins(options.images ?? [], warnings),
      userValues,
      chartValues,
      permalinkBase: permalinkBase(run.repository?.uri, run.repository?.commit, config.github),
      annotations: options.annotations ?? 'full',
    },
  });
  const records: OriginRecords = {
    schema: 'https://trailmark.dev/origin-records/v1',
    ...run,
    objects: output.records,
  };
  checkRecords(records);
  if (records.objects.length === 0)
    warnings.push(
      `no objects in ${options.inputs.map((input) => (input === '-' ? '<stdin>' : input)).join(', ')}: nothing stamped`,
    );
  return {
    outputs: inputs.map((input, i) => ({ input, text: output.texts[i] ?? '' })),
    records,
    warnings: [...warnings, ...output.warnings],
  };
}

async function readChart(
  options: StampOptions,
  repoRoot: string,
  git: GitClient | undefined,
  names: Set<string>,
  warnings: string[],
): Promise<ChartNode | undefined> {
  if (options.chart !== undefined)
    return readChartTree(repoRoot, resolve(options.cwd, options.chart));
  if (names.size === 0) return undefined;
  const found = await findChartDir(repoRoot, git, names, warnings);
  return found === undefined ? undefined : readChartTree(repoRoot, found);
}

async function readRepoFiles(
  repoRoot: string,
  paths: readonly string[],
): Promise<Map<string, string | undefined>> {
  const entries = await Promise.all(
    paths.map(
      async (path) =>
        [path, await readFile(join(repoRoot, path), 'utf8').catch(() => undefined)] as const,
    ),
  );
  return new Map(entries);
}

async function readValuesFiles(
  paths: readonly string[],
  cwd: string,
  repoRoot: string,
): Promise<ValuesFile[]> {
  return Promise.all(
    paths.map(async (path) => {
      const absolute = resolve(cwd, path);
      const text = await readText(absolute, { path, expected: 'a values file (-f)' });
      return parseValuesFile(text, toRepoPath(repoRoot, absolute));
    }),
  );
}

async function readChartValues(
  repoRoot: string,
  chart: ChartNode | undefined,
): Promise<Map<string, ValuesFile>> {
  const out = new Map<string, ValuesFile>();
  const queue = chart ? [chart] : [];
  for (let node = queue.shift(); node; node = queue.shift()) {
    const path = node.dir === '' ? 'values.yaml' : `${node.dir}/values.yaml`;
    const text = await readFile(join(repoRoot, path), 'utf8').catch(() => undefined);
    if (text !== undefined) out.set(node.dir, parseValuesFile(text, path));
    for (const child of node.children.values()) if (child.kind === 'chart') queue.push(child);
  }
  return out;
}

/** Chart names the Helm hints start with (`shop` in `shop/templates/x.yaml`). */
function chartNames(objects: readonly HintedObject[]): Set<string> {
  const names = new Set<string>();
  for (const { hint } of objects) {
    if (hint.kind === 'helm' || hint.kind === 'helm4') names.add(hint.path.split('/')[0] ?? '');
  }
  return names;
}

/**
 * Parses `--image REF@sha256:…` pins (the old `REF=sha256:…` form with a warning each); throws
 * `INPUT_USAGE` naming a bad one.
 */
export function parsePins(
  pins: readonly string[],
  warnings: string[],
): { ref: string; digest: string }[] {
  return pins.map((value) => {
    const { ref, digest, deprecated } = parseImagePin(value);
    if (deprecated) warnings.push(IMAGE_PIN_DEPRECATED);
    return { ref, digest };
  });
}

function checkRecords(records: OriginRecords): void {
  const issues = schemaValidator('origin-records.v1')(records);
  if (issues.length > 0)
    throw new Error(`origin records do not match their schema: ${formatSchemaIssues(issues)}`);
}

function isInside(root: string, path: string): boolean {
  const rel = toRepoPath(root, path);
  return rel !== '' && !rel.startsWith('..');
}

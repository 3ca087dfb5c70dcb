import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import {
  TrailmarkError,
  foreignCause,
  formatSchemaIssues,
  type InputErrorCode,
} from '@trailmark/core';
import {
  buildBom,
  createBomValidator,
  preloadBomValidator,
  mergeBoms,
  serializeBom,
  summarizeWarnings,
  type BomSpecVersion,
  type ExtraComponent,
  type Lockfile,
  type MetadataComponentInput,
} from '@trailmark/sbom/generate';
import { listProjectFiles, pickLockfiles } from './find-lockfiles.js';
import { openRepository } from './open-repository.js';
import { readText, requireDirectory } from './read-file.js';
import { readLockfiles } from './read-lockfiles.js';
import { resolveConfig, type TrailmarkConfig } from './config.js';
import { toRepoPath } from './repo-path.js';
import type { Environment } from './run-facts.js';
import type { deploymentComponents } from './sbom-deployment.js';
import { TRAILMARK_VERSION } from './version.js';

/** Options of {@link sbom}. */
export interface SbomOptions {
  /** Directory searched for lockfiles (default: cwd); `.gitignore` is respected, node_modules skipped. */
  dir?: string;
  cwd: string;
  env: Environment;
  /** Rendered or stamped manifests whose container images become components. */
  manifests?: readonly string[];
  /** The chart being released: it and its dependencies become components. */
  chart?: string;
  /** Existing CycloneDX SBOMs to fold in. */
  merge?: readonly string[];
  /** `REF@sha256:…` pins for images written without a digest (`REF=sha256:…` is deprecated). */
  images?: readonly string[];
  exclude?: readonly string[];
  spec?: BomSpecVersion;
  /** Clock, id source and `SOURCE_DATE_EPOCH` (default: resolved from `env`). */
  config?: TrailmarkConfig;
}

/** The SBOM and what went into it. */
export interface SbomResult {
  json: string;
  lockfiles: Lockfile[];
  components: number;
  /** What the user can act on, one line each; repeats of one kind in a lockfile collapsed. */
  warnings: string[];
  /** Every lockfile warning and note one per line, for `--verbose`. */
  details: string[];
}

/** Builds a CycloneDX SBOM of a deployment: lockfiles, images and charts, each traced to its line. */
export async function sbom(options: SbomOptions): Promise<SbomResult> {
  const warnings: string[] = [];
  const spec = options.spec ?? '1.6';
  // The schema check's code is the largest module sbom loads: load it while git and files are read.
  preloadBomValidator(spec);
  const dir = resolve(options.cwd, options.dir ?? '.');
  await requireDirectory(dir, {
    path: options.dir ?? '.',
    expected: 'the directory searched for lockfiles',
  });
  const others = await readMergeInputs(options.merge ?? [], options.cwd);
  // 1. Find and read every lockfile under dir (git's view, so .gitignore holds).
  const { git, facts } = await openRepository(dir, warnings);
  const repoRoot = facts?.root ?? dir;
  const files = await listProjectFiles(
    dir,
    facts?.root,
    git,
    options.exclude ?? [],
    options.dir ?? '.',
  );
  const lockfiles = await readLockfiles(dir, pickLockfiles(files), files, (path) =>
    toRepoPath(repoRoot, resolve(dir, path)),
  );
  const summary = summarizeWarnings(lockfiles);
  warnings.push(...summary.warnings);
  // 2. Deployment components: images from manifests, the chart tree.
  const { images, chart } = await readDeployment(options, repoRoot, warnings);
  if (lockfiles.length === 0 && images.length === 0 && !chart) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_NOT_FOUND',
      `${options.dir ?? '.'}: no lockfile, manifest or chart to describe`,
    );
  }
  // 3. Assemble, fold in other SBOMs, and check the result against the official schema.
  const [root, ...chartDeps] = chart ?? [];
  const config = options.config ?? (await resolveConfig({ env: options.env }));
  const { serialNumber, timestamp } = stamps(config, lockfiles);
  const bom = buildBom({
    lockfiles,
    metadataComponent: metadataFor(root, facts?.remoteUrl, dir, facts?.commit),
    serialNumber,
    timestamp,
    toolVersion: TRAILMARK_VERSION,
    extraComponents: [...chartDeps, ...images],
  });
  let json = serializeBom(bom, spec);
  if (others.length > 0) json = await mergeFiles(json, others, options.merge ?? []);
  const issues = await createBomValidator(spec)(json);
  if (issues.length > 0)
    throw new Error(
      `the SBOM trailmark built is not valid CycloneDX ${spec}: ${formatSchemaIssues(issues)}`,
    );
  return {
    json,
    lockfiles,
    // Without merged SBOMs the document's components are exactly the model's.
    components:
      others.length === 0
        ? bom.components.size
        : ((JSON.parse(json) as { components?: unknown[] }).components?.length ?? 0),
    warnings,
    details: summary.details,
  };
}

// The manifest and chart readers are loaded only when a deployment source is given.
async function readDeployment(
  options: SbomOptions,
  repoRoot: string,
  warnings: string[],
): ReturnType<typeof deploymentComponents> {
  const sources = {
    manifests: options.manifests ?? [],
    images: options.images ?? [],
    chart: options.chart,
    cwd: options.cwd,
    repoRoot,
  };
  if (sources.manifests.length === 0 && sources.images.length === 0 && sources.chart === undefined)
    return { images: [], chart: undefined };
  const { deploymentComponents } = await import('./sbom-deployment.js');
  return deploymentComponents(sources, warnings);
}

function metadataFor(
  chart: ExtraComponent | undefined,
  remote: string | undefined,
  dir: string,
  commit: string | undefined,
): MetadataComponentInput {
  if (chart)
    return {
      name: chart.name,
      type: 'application',
      bomRef: chart.bomRef,
      ...(chart.version ? { version: chart.version } : {}),
      ...(chart.purl ? { purl: chart.purl } : {}),
      ...(chart.sources?.[0] ? { source: chart.sources[0] } : {}),
    };
  const name = remote ? remote.replace(/\/+$/, '').split('/').slice(-2).join('/') : basename(dir);
  return { name, type: 'application', ...(commit ? { version: commit } : {}) };
}

/**
 * Timestamp and serial number. With `SOURCE_DATE_EPOCH` (reproducible builds) both are derived
 * from inputs, so the same inputs give the same bytes; otherwise the config's clock and id source.
 */
function stamps(
  config: TrailmarkConfig,
  lockfiles: readonly Lockfile[],
): { serialNumber: string; timestamp: string } {
  if (config.sourceDate === undefined)
    return { serialNumber: `urn:uuid:${config.newId()}`, timestamp: config.clock().toISOString() };
  const timestamp = config.sourceDate.toISOString();
  const hash = createHash('sha256').update(timestamp);
  for (const lockfile of lockfiles)
    hash.update(`\0${lockfile.path}\0${lockfile.packages.map((p) => p.purl ?? p.ref).join('\n')}`);
  const hex = hash.digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
  return { serialNumber: `urn:uuid:${uuid}`, timestamp };
}

// The SBOMs to fold in, read before any work so a wrong path fails first.
async function readMergeInputs(paths: readonly string[], cwd: string): Promise<unknown[]> {
  return Promise.all(
    paths.map(async (path) =>
      parseJson(
        await readText(resolve(cwd, path), { path, expected: 'the SBOM to merge (--merge)' }),
        path,
      ),
    ),
  );
}

async function mergeFiles(
  json: string,
  others: readonly unknown[],
  paths: readonly string[],
): Promise<string> {
  const merged = await mergeBoms(JSON.parse(json) as Record<string, unknown>, others, {
    labels: paths,
  });
  return `${JSON.stringify(merged, null, 2)}\n`;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `${path}: not JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause: foreignCause(cause) },
    );
  }
}

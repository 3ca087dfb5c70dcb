import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  TrailmarkError,
  foreignCause,
  formatSchemaIssues,
  type InputErrorCode,
} from '@trailmark/core';
import {
  buildBom,
  chartComponents,
  createBomValidator,
  imageComponents,
  mergeBoms,
  serializeBom,
  type BomSpecVersion,
  type ExtraComponent,
  type Lockfile,
  type MetadataComponentInput,
} from '@trailmark/sbom';
import { readImages, toChartInput } from './deployment-inputs.js';
import { listProjectFiles, pickLockfiles } from './find-lockfiles.js';
import { openRepository } from './open-repository.js';
import { readChartTree, toRepoPath } from './read-chart-tree.js';
import { readLockfiles } from './read-lockfiles.js';
import { resolveConfig, type TrailmarkConfig } from './config.js';
import type { Environment } from './run-facts.js';
import { parsePins } from './stamp.js';
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
  /** `REF=DIGEST` pins for images written without a digest. */
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
  warnings: string[];
}

/** Builds a CycloneDX SBOM of a deployment: lockfiles, images and charts, each traced to its line. */
export async function sbom(options: SbomOptions): Promise<SbomResult> {
  const warnings: string[] = [];
  const spec = options.spec ?? '1.6';
  const dir = resolve(options.cwd, options.dir ?? '.');
  // 1. Find and read every lockfile under dir (git's view, so .gitignore holds).
  const { git, facts } = await openRepository(dir, warnings);
  const repoRoot = facts?.root ?? dir;
  const files = await listProjectFiles(dir, facts?.root, git, options.exclude ?? []);
  const lockfiles = await readLockfiles(dir, pickLockfiles(files), files, (path) =>
    toRepoPath(repoRoot, resolve(dir, path)),
  );
  for (const lockfile of lockfiles)
    for (const warning of lockfile.warnings)
      warnings.push(`${lockfile.path}:${warning.line}: ${warning.message}`);
  // 2. Deployment components: images from manifests, the chart tree.
  const images = imageComponents(
    await readImages(
      options.manifests ?? [],
      options.cwd,
      repoRoot,
      parsePins(options.images ?? []),
    ),
  );
  const chart =
    options.chart === undefined
      ? undefined
      : chartComponents(
          toChartInput(await readChartTree(repoRoot, resolve(options.cwd, options.chart))),
        );
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
  if ((options.merge ?? []).length > 0)
    json = await mergeFiles(json, options.merge ?? [], options.cwd);
  const issues = await createBomValidator(spec)(json);
  if (issues.length > 0)
    throw new Error(
      `the SBOM trailmark built is not valid CycloneDX ${spec}: ${formatSchemaIssues(issues)}`,
    );
  return {
    json,
    lockfiles,
    components: (JSON.parse(json) as { components?: unknown[] }).components?.length ?? 0,
    warnings,
  };
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

async function mergeFiles(json: string, paths: readonly string[], cwd: string): Promise<string> {
  const others = await Promise.all(
    paths.map(async (path) => parseJson(await readFile(resolve(cwd, path), 'utf8'), path)),
  );
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

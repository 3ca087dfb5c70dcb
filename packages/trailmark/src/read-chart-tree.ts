import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import {
  applyChartLock,
  parseChartMetadata,
  type ChartDependency,
  type ChartMetadata,
  type ChartNode,
  type ExternalChart,
} from '@trailmark/manifest';
import { readText } from './read-file.js';
import { toRepoPath } from './repo-path.js';

export { toRepoPath };

const TGZ = /^(?<name>.+?)-(?<version>v?\d[^/]*)\.tgz$/;

/**
 * Reads a chart directory and its subcharts into a tree: vendored directories (matched by the
 * name in their Chart.yaml, which may differ from the directory name), `file://` dependencies, and
 * packaged or remote dependencies as external charts.
 */
export async function readChartTree(repoRoot: string, chartDir: string): Promise<ChartNode> {
  const metadata = await readMetadata(repoRoot, chartDir);
  if (!metadata) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_NOT_FOUND',
      `${toRepoPath(repoRoot, chartDir)}: no Chart.yaml (is --chart a chart directory?)`,
    );
  }
  return buildNode(repoRoot, chartDir, metadata, new Set([resolve(chartDir)]));
}

async function buildNode(
  repoRoot: string,
  dir: string,
  metadata: ChartMetadata,
  seen: Set<string>,
): Promise<ChartNode> {
  const node: ChartNode = {
    kind: 'chart',
    name: metadata.name,
    version: metadata.version,
    dir: toRepoPath(repoRoot, dir),
    children: new Map(),
  };
  const vendored = await listVendored(repoRoot, join(dir, 'charts'));
  for (const dep of metadata.dependencies) {
    const key = dep.alias ?? dep.name;
    node.children.set(key, await resolveDependency(repoRoot, dir, dep, vendored, seen));
  }
  for (const [name, entry] of vendored) {
    if (![...node.children.values()].some((child) => child.name === name)) {
      node.children.set(name, await toChild(repoRoot, entry, undefined, seen));
    }
  }
  return node;
}

type Vendored =
  | { kind: 'dir'; path: string; metadata: ChartMetadata }
  | { kind: 'tgz'; path: string; version: string };

async function resolveDependency(
  repoRoot: string,
  dir: string,
  dep: ChartDependency,
  vendored: Map<string, Vendored>,
  seen: Set<string>,
): Promise<ChartNode | ExternalChart> {
  if (dep.repository?.startsWith('file://')) {
    const target = resolve(dir, dep.repository.slice('file://'.length));
    const metadata = await readMetadata(repoRoot, target);
    if (metadata) return toChild(repoRoot, { kind: 'dir', path: target, metadata }, dep, seen);
  }
  const entry = vendored.get(dep.name);
  if (entry) return toChild(repoRoot, entry, dep, seen);
  return {
    kind: 'external',
    name: dep.name,
    version: dep.version,
    declaredAt: dep.declaredAt,
    archive: undefined,
    repository: dep.repository,
  };
}

async function toChild(
  repoRoot: string,
  entry: Vendored,
  dep: ChartDependency | undefined,
  seen: Set<string>,
): Promise<ChartNode | ExternalChart> {
  if (entry.kind === 'tgz') {
    const name = dep?.name ?? TGZ.exec(entry.path.split(sep).pop() ?? '')?.groups?.name ?? '';
    return {
      kind: 'external',
      name,
      version: dep?.version ?? entry.version,
      declaredAt: dep?.declaredAt,
      archive: toRepoPath(repoRoot, entry.path),
      repository: dep?.repository,
    };
  }
  const key = resolve(entry.path);
  if (seen.has(key))
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `${toRepoPath(repoRoot, entry.path)}: chart dependency cycle`,
    );
  return buildNode(repoRoot, entry.path, entry.metadata, new Set([...seen, key]));
}

async function listVendored(repoRoot: string, chartsDir: string): Promise<Map<string, Vendored>> {
  const out = new Map<string, Vendored>();
  const entries = await readdir(chartsDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(chartsDir, entry.name);
    const tgz = TGZ.exec(entry.name);
    if (entry.isFile() && tgz?.groups) {
      out.set(tgz.groups.name ?? entry.name, {
        kind: 'tgz',
        path,
        version: tgz.groups.version ?? '',
      });
    } else if (entry.isDirectory()) {
      const metadata = await readMetadata(repoRoot, path);
      if (metadata) out.set(metadata.name, { kind: 'dir', path, metadata });
    }
  }
  return out;
}

async function readMetadata(repoRoot: string, dir: string): Promise<ChartMetadata | undefined> {
  const chart = await readOptional(repoRoot, join(dir, 'Chart.yaml'));
  if (!chart) return undefined;
  const requirements = await readOptional(repoRoot, join(dir, 'requirements.yaml'));
  let metadata = parseChartMetadata(chart, requirements);
  const lock =
    (await readOptional(repoRoot, join(dir, 'Chart.lock'))) ??
    (await readOptional(repoRoot, join(dir, 'requirements.lock')));
  if (lock) metadata = applyChartLock(metadata, lock);
  return metadata;
}

async function readOptional(
  repoRoot: string,
  path: string,
): Promise<{ text: string; path: string } | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const shown = toRepoPath(repoRoot, path);
  return { text: await readText(path, { path: shown, expected: 'a chart file' }), path: shown };
}

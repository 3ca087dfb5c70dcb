import { compareCodeUnits } from '@trailmark/core';
import type { DeploymentOrigin, Deployer } from '@trailmark/core';
import type { OriginMatch } from './trace-evidence.js';

/** Owners of each deploying chart directory, per predicate (computed once per predicate). */
const OWNERS = new WeakMap<DeploymentOrigin, Map<string, string[]>>();

/**
 * Who deploys a workload whose template belongs to someone else (design.md §3: an `external`
 * chart, or a `subchart` vendored into the repository): the pipeline's operator and repository,
 * and the owners of the chart that pulls it in — the owner set most of that chart's own
 * templates carry in the same signed record (the team whose release it is). Undefined for a
 * workload of the release's own chart or plain files.
 */
export function deployerOf(match: OriginMatch | undefined): Deployer | undefined {
  const source = match?.record.source;
  if (match === undefined || source === undefined) return undefined;
  if (source.origin !== 'external' && source.origin !== 'subchart') return undefined;
  const dir = deployingChartDir(source.origin, source.path, match.record.chart?.path);
  const { predicate } = match;
  return {
    ...(predicate.operator === undefined ? {} : { operator: predicate.operator }),
    ...(predicate.repository?.uri === undefined ? {} : { repository: predicate.repository.uri }),
    owners: dir === undefined ? [] : chartOwners(predicate, dir),
  };
}

// external: the directory of the Chart.yaml that declares the dependency; subchart: the chart
// directory above `<dir>/charts/<subchart>`.
function deployingChartDir(
  origin: 'external' | 'subchart',
  path: string,
  chartPath: string | undefined,
): string | undefined {
  if (origin === 'external') {
    const slash = path.lastIndexOf('/');
    return slash < 0 ? '' : path.slice(0, slash);
  }
  const inner = chartPath ?? path;
  const at = inner.lastIndexOf('/charts/');
  return at < 0 ? (inner.startsWith('charts/') ? '' : undefined) : inner.slice(0, at);
}

function chartOwners(predicate: DeploymentOrigin, dir: string): string[] {
  let byDir = OWNERS.get(predicate);
  if (byDir === undefined) {
    byDir = new Map();
    OWNERS.set(predicate, byDir);
  }
  const known = byDir.get(dir);
  if (known !== undefined) return known;
  const counts = new Map<string, number>();
  for (const record of Array.isArray(predicate.objects) ? predicate.objects : []) {
    const source = record.source;
    if (source === undefined || (source.origin !== 'chart' && source.origin !== 'plain')) continue;
    const inDir = record.chart?.path === dir || (dir !== '' && source.path.startsWith(`${dir}/`));
    if (!inDir || !Array.isArray(record.owners) || record.owners.length === 0) continue;
    const key = record.owners.join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const best = [...counts.entries()].sort(
    ([a, countA], [b, countB]) => countB - countA || compareCodeUnits(a, b),
  )[0];
  const owners = best === undefined ? [] : best[0].split(',');
  byDir.set(dir, owners);
  return owners;
}

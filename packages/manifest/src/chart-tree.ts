import type { SourceLocation } from '@trailmark/core';

/** A chart whose files are in the repository (the released chart or a vendored subchart). */
export interface ChartNode {
  kind: 'chart';
  name: string;
  version: string;
  /** Repo-relative directory of the chart ('' for the repository root). */
  dir: string;
  /** Subcharts by the name Helm uses in Source paths (the alias, else the chart name). */
  children: Map<string, ChartNode | ExternalChart>;
}

/** A chart that is not in the repository: a packaged `.tgz` or a remote dependency. */
export interface ExternalChart {
  kind: 'external';
  name: string;
  version: string | undefined;
  /** The dependency's line in `Chart.yaml`/`requirements.yaml`, when declared. */
  declaredAt: SourceLocation | undefined;
  /** Repo-relative path of the packaged archive, when vendored as a `.tgz`. */
  archive: string | undefined;
  /** The chart repository the dependency names, when declared. */
  repository?: string | undefined;
}

/** Where a Helm Source path (or Helm 4 postrender-filename) points. */
export type ResolvedSource =
  | {
      kind: 'file';
      path: string;
      chart: ChartNode;
      origin: 'chart' | 'subchart';
      chain: ChartNode[];
    }
  | { kind: 'external'; chart: ExternalChart; template: string; chain: ChartNode[] }
  | { kind: 'unresolved'; reason: string };

/**
 * Resolves `shop/charts/redis/templates/master.yaml` against the chart tree: follows each
 * `charts/<name>` step through the tree (the directory on disk may differ from the chart name,
 * or be a `file://` dependency elsewhere) down to a repo-relative file, or to an external chart.
 */
export function resolveHelmSource(sourcePath: string, root: ChartNode): ResolvedSource {
  const parts = sourcePath.split('/').filter((part) => part !== '' && part !== '.');
  if (parts[0] === root.name) parts.shift();
  else if (!['templates', 'crds', 'charts'].includes(parts[0] ?? '')) {
    return {
      kind: 'unresolved',
      reason: `Source "${sourcePath}" names chart "${parts[0] ?? ''}", not "${root.name}" (set --chart)`,
    };
  }
  const chain: ChartNode[] = [root];
  let chart = root;
  while (parts[0] === 'charts' && parts.length > 2) {
    const childName = parts[1] ?? '';
    const child = chart.children.get(childName);
    if (!child)
      return {
        kind: 'unresolved',
        reason: `chart "${chart.name}" has no subchart "${childName}" (Source "${sourcePath}")`,
      };
    parts.splice(0, 2);
    if (child.kind === 'external')
      return { kind: 'external', chart: child, template: parts.join('/'), chain };
    chart = child;
    chain.push(child);
  }
  const path = joinPath(chart.dir, parts.join('/'));
  return { kind: 'file', path, chart, origin: chain.length === 1 ? 'chart' : 'subchart', chain };
}

/** Joins repo-relative path segments, normalising `.` and `..`. */
export function joinPath(...segments: string[]): string {
  const out: string[] = [];
  for (const part of segments.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

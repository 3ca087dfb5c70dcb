import { foreignCause, type SourceLocation } from '@trailmark/core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ManifestError } from './error.js';

/** A dependency as declared in `Chart.yaml` (apiVersion v2) or `requirements.yaml` (v1). */
export interface ChartDependency {
  name: string;
  alias: string | undefined;
  /** The version constraint declared, or the locked version when a lock file names one. */
  version: string | undefined;
  repository: string | undefined;
  /** The `- name:` line of the declaration. */
  declaredAt: SourceLocation;
}

/** What a chart's metadata files say. */
export interface ChartMetadata {
  name: string;
  version: string;
  dependencies: ChartDependency[];
}

/**
 * Reads `Chart.yaml` and, for Helm 2 charts, `requirements.yaml`. Paths name the files in errors
 * and in each dependency's `declaredAt`. Throws `MANIFEST_CHART` naming file:line.
 */
export function parseChartMetadata(
  chart: { text: string; path: string },
  requirements?: { text: string; path: string },
): ChartMetadata {
  const root = parseYamlMap(chart.text, chart.path);
  const name = scalarString(root.value.name);
  if (name === undefined)
    throw new ManifestError('MANIFEST_CHART', `${chart.path}:1: Chart.yaml has no name`, {
      location: { path: chart.path, line: 1 },
    });
  const dependencies = readDependencies(root.node, chart.path, root.lines);
  if (requirements) {
    const req = parseYamlMap(requirements.text, requirements.path);
    dependencies.push(...readDependencies(req.node, requirements.path, req.lines));
  }
  return { name, version: scalarString(root.value.version) ?? '', dependencies };
}

/** Applies `Chart.lock`/`requirements.lock` versions (the versions actually resolved). */
export function applyChartLock(
  metadata: ChartMetadata,
  lock: { text: string; path: string },
): ChartMetadata {
  const parsed = parseYamlMap(lock.text, lock.path);
  const locked = new Map<string, string>();
  const deps = parsed.value.dependencies;
  if (Array.isArray(deps)) {
    for (const dep of deps as unknown[]) {
      const entry = dep as Record<string, unknown> | null;
      const depName = scalarString(entry?.name);
      const version = scalarString(entry?.version);
      if (depName !== undefined && version !== undefined) locked.set(depName, version);
    }
  }
  const dependencies = metadata.dependencies.map((dep) => ({
    ...dep,
    version: locked.get(dep.name) ?? dep.version,
  }));
  return { ...metadata, dependencies };
}

function parseYamlMap(
  text: string,
  path: string,
): { node: Node | null; value: Record<string, unknown>; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? 1;
    const reason = (error.message.split('\n')[0] ?? 'invalid YAML').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new ManifestError('MANIFEST_CHART', `${path}:${line}: ${reason}`, {
      location: { path, line },
      cause: foreignCause(error),
    });
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const record =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { node: doc.contents, value: record, lines };
}

function readDependencies(node: Node | null, path: string, lines: LineCounter): ChartDependency[] {
  if (!isMap(node)) return [];
  const deps = node.get('dependencies', true);
  if (!isSeq(deps)) return [];
  return deps.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const depName = scalarString(item.get('name'));
    if (depName === undefined) return [];
    const nameNode = item.items.find((pair) => isScalar(pair.key) && pair.key.value === 'name');
    const offset =
      (isScalar(nameNode?.key) ? nameNode.key.range?.[0] : undefined) ?? item.range?.[0] ?? 0;
    return [
      {
        name: depName,
        alias: scalarString(item.get('alias')),
        version: scalarString(item.get('version')),
        repository: scalarString(item.get('repository')),
        declaredAt: { path, line: lines.linePos(offset).line },
      },
    ];
  });
}

function scalarString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

import { compareCodeUnits } from '@trailmark/core';
import type { LockfileWarning } from '../lockfile.js';
import { indexBy } from './lock-entry.js';
import { normalizePythonName } from './python-package.js';
import { asArray, asString, asTable } from './toml-lock.js';
import type { TomlTable } from './toml-lock.js';

/** What the graph steps need from one uv.lock `[[package]]`. */
export interface UvGraphNode {
  table: TomlTable;
  name: string;
  version: string | undefined;
  /** Canonical JSON of `source` (see {@link sourceKeyOf}), to match entries that name one. */
  sourceKey: string;
  line: number;
  ref: string;
}

/** An edge as uv.lock writes it, resolved to a node index, with the extras it asks for. */
export interface UvDep {
  target: number;
  extras: string[];
}

/** A node's edges: `dependencies`, `[package.optional-dependencies]`, `[package.dev-dependencies]`. */
export interface UvEdges {
  deps: UvDep[];
  optional: Map<string, UvDep[]>;
  dev: Map<string, UvDep[]>;
}

/** Source table as canonical JSON (sorted keys). */
export function sourceKeyOf(source: unknown): string {
  const table = asTable(source) ?? {};
  return JSON.stringify(Object.entries(table).sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** Resolves every dependency entry to a node; several locked versions are told apart by `version`/`source`. */
export function resolveEdges(nodes: UvGraphNode[], warnings: LockfileWarning[]): UvEdges[] {
  const byName = indexBy(nodes, (node) => normalizePythonName(node.name));
  const resolveList = (owner: UvGraphNode, list: unknown): UvDep[] =>
    asArray(list).flatMap((raw) => {
      const spec = asTable(raw) ?? {};
      const target = resolveSpec(spec, byName, nodes);
      if (target === undefined)
        warnings.push({
          line: owner.line,
          message: `${owner.name}: dependency ${asString(spec.name) ?? '?'} is not locked or is ambiguous`,
          kind: 'missing-dependency',
        });
      return target === undefined
        ? []
        : [{ target, extras: asArray(spec.extra).filter((e) => typeof e === 'string') }];
    });
  const groups = (owner: UvGraphNode, table: unknown): Map<string, UvDep[]> =>
    new Map(
      Object.entries(asTable(table) ?? {}).map(([group, list]) => [
        group,
        resolveList(owner, list),
      ]),
    );
  return nodes.map((node) => ({
    deps: resolveList(node, node.table.dependencies),
    optional: groups(node, node.table['optional-dependencies']),
    dev: groups(node, node.table['dev-dependencies']),
  }));
}

/** The node a dependency entry names, or `undefined` when none or several match. */
function resolveSpec(
  spec: TomlTable,
  byName: Map<string, number[]>,
  nodes: UvGraphNode[],
): number | undefined {
  const candidates = byName.get(normalizePythonName(asString(spec.name) ?? '')) ?? [];
  if (candidates.length <= 1) return candidates[0];
  const version = asString(spec.version);
  const sourceKey = spec.source === undefined ? undefined : sourceKeyOf(spec.source);
  const matches = candidates.filter((i) => {
    const node = nodes[i];
    return (
      node !== undefined &&
      (version === undefined || node.version === version) &&
      (sourceKey === undefined || node.sourceKey === sourceKey)
    );
  });
  return matches.length === 1 ? matches[0] : undefined;
}

/** Nodes reached from `starts` through `dependencies`, following the extras each edge requests. */
export function reachable(edges: UvEdges[], starts: number[]): Set<number> {
  const seen = new Set<string>();
  const reached = new Set<number>();
  const stack: [number, string][] = starts.map((i) => [i, '']);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [index, extra] = item;
    const key = `${index}[${extra}]`;
    if (seen.has(key)) continue;
    seen.add(key);
    reached.add(index);
    const node = edges[index];
    const list = extra === '' ? node?.deps : node?.optional.get(extra);
    for (const dep of list ?? [])
      stack.push([dep.target, ''], ...dep.extras.map((e): [number, string] => [dep.target, e]));
  }
  return reached;
}

/** Every node's `dependsOn` refs: dependencies, requested extras, dev groups; never the root itself. */
export function edgeRefs(
  nodes: UvGraphNode[],
  edges: UvEdges[],
  members: number[],
  rootIndex: number,
): string[][] {
  const requested = new Set<string>();
  for (const e of edges) {
    for (const dep of [e.deps, ...e.optional.values(), ...e.dev.values()].flat()) {
      for (const extra of dep.extras) requested.add(`${dep.target}[${extra}]`);
    }
  }
  const memberSet = new Set(members);
  return edges.map((e, i) => {
    const extras = [...e.optional].filter(([x]) => memberSet.has(i) || requested.has(`${i}[${x}]`));
    const deps = [e.deps, ...extras.map(([, list]) => list), ...e.dev.values()].flat();
    const targets = deps.map((d) => d.target).filter((t) => t !== rootIndex && t !== i);
    return [...new Set(targets.map((t) => nodes[t]?.ref ?? ''))];
  });
}

import { asRecord, asString } from './parse-error.js';
import { referenceToId, splitPackageId } from './pnpm-keys.js';

/** One dependency edge between pnpm graph nodes. */
export interface PnpmEdge {
  to: string;
  name: string;
  optional: boolean;
}

/**
 * The dependency graph of a pnpm lockfile. Nodes are snapshots (v9 `snapshots` keys, v6
 * `packages` keys, both peer-suffixed); each belongs to one `packages` entry.
 */
export interface PnpmGraph {
  /** node id → the `packages` key it installs. */
  packageOf: Map<string, string>;
  /** node id → its `dependencies` (required) and `optionalDependencies` (optional) edges. */
  edges: Map<string, PnpmEdge[]>;
}

/** Builds the graph from v9 `snapshots` (`v6`: from `packages`, which then hold the edges). */
export function buildPnpmGraph(
  packages: Record<string, unknown>,
  snapshots: Record<string, unknown> | undefined,
  v6: boolean,
): PnpmGraph {
  const nodes = v6 ? packages : (snapshots ?? {});
  const graph: PnpmGraph = { packageOf: new Map(), edges: new Map() };
  for (const [id, value] of Object.entries(nodes)) {
    const base = v6 ? id : splitPackageId(id).base;
    if (base in packages) graph.packageOf.set(id, base);
    graph.edges.set(id, edgesOf(asRecord(value) ?? {}, v6));
  }
  return graph;
}

function edgesOf(record: Record<string, unknown>, v6: boolean): PnpmEdge[] {
  const edges: PnpmEdge[] = [];
  for (const [field, optional] of [
    ['dependencies', false],
    ['optionalDependencies', true],
  ] as const) {
    for (const [name, value] of Object.entries(asRecord(record[field]) ?? {})) {
      const reference = asString(value);
      // `link:` references inside snapshots point at directories, not lockfile entries.
      const to = reference === undefined ? undefined : referenceToId(name, reference, v6);
      if (to !== undefined) edges.push({ to, name, optional });
    }
  }
  return edges;
}

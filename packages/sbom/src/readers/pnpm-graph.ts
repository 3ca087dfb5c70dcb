import { posix } from 'node:path';
import { asRecord, asString } from './parse-error.js';
import { importerRef } from './pnpm-importers.js';
import type { PnpmLayout } from './pnpm-keys.js';
import { referenceToId, splitPackageId } from './pnpm-keys.js';

/** One dependency edge between pnpm graph nodes. */
export interface PnpmEdge {
  to: string;
  name: string;
  optional: boolean;
}

/**
 * The dependency graph of a pnpm lockfile. Nodes are snapshots (v9 `snapshots` keys, v5/v6
 * `packages` keys, all peer-suffixed); each belongs to one `packages` entry.
 */
export interface PnpmGraph {
  /** node id → the `packages` key it installs. */
  packageOf: Map<string, string>;
  /** node id → its `dependencies` (required) and `optionalDependencies` (optional) edges. */
  edges: Map<string, PnpmEdge[]>;
}

/** Builds the graph from v9 `snapshots` (v5/v6: from `packages`, which then hold the edges). */
export function buildPnpmGraph(
  packages: Record<string, unknown>,
  snapshots: Record<string, unknown> | undefined,
  layout: PnpmLayout,
): PnpmGraph {
  const v9 = layout === 'v9';
  const nodes = v9 ? (snapshots ?? {}) : packages;
  const graph: PnpmGraph = { packageOf: new Map(), edges: new Map() };
  for (const [id, value] of Object.entries(nodes)) {
    const base = v9 ? splitPackageId(id).base : id;
    if (base in packages) graph.packageOf.set(id, base);
    graph.edges.set(id, edgesOf(asRecord(value) ?? {}, layout));
  }
  return graph;
}

function edgesOf(record: Record<string, unknown>, layout: PnpmLayout): PnpmEdge[] {
  const edges: PnpmEdge[] = [];
  for (const [field, optional] of [
    ['dependencies', false],
    ['optionalDependencies', true],
  ] as const) {
    for (const [name, value] of Object.entries(asRecord(record[field]) ?? {})) {
      const reference = asString(value);
      // `link:` references of injected (`file:`) packages name a workspace directory, relative
      // to the lockfile: an importer when the workspace has one there.
      const to =
        reference === undefined
          ? undefined
          : reference.startsWith('link:')
            ? importerRef(posix.normalize(reference.slice('link:'.length)))
            : referenceToId(name, reference, layout);
      if (to !== undefined) edges.push({ to, name, optional });
    }
  }
  return edges;
}

import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import type { ReaderOptions } from './manifest.js';
import { asRecord, asString, unsupportedVersion } from './parse-error.js';
import type { PnpmGraph } from './pnpm-graph.js';
import { buildPnpmGraph } from './pnpm-graph.js';
import type { PnpmImporter } from './pnpm-importers.js';
import { readImporters } from './pnpm-importers.js';
import { importerDependency, importerPackages, pnpmPackage } from './pnpm-package.js';
import { reachable } from './reach.js';
import { locateYamlKeys } from './yaml-key-lines.js';
import { parseYamlObject } from './yaml-doc.js';
import { uniqueSorted } from './npm-package.js';

/**
 * Reads `pnpm-lock.yaml` lockfileVersion 6.x and 9.0. Components are the `packages` entries
 * (one per name@version; v6 also per peer variant); edges come from `snapshots` (v9) or the
 * entries themselves (v6). Scope: v6 has `dev`/`optional` flags; v9 has none, so a package is
 * `required` when some importer's `dependencies` reach it through `dependencies` edges.
 */
export function readPnpmLockfile(
  text: string,
  path: string,
  options: ReaderOptions = {},
): Lockfile {
  const doc = parseYamlObject(text, path);
  const formatVersion = asString(doc.lockfileVersion) ?? '';
  const v6 = /^6\.\d+$/.test(formatVersion);
  if (!v6 && formatVersion !== '9.0') {
    const line = locateYamlKeys(text, [], { indent: 0 }).get('lockfileVersion') ?? 1;
    throw unsupportedVersion(path, line, 'pnpm-lock.yaml lockfileVersion', formatVersion || 'none');
  }
  const packages = asRecord(doc.packages) ?? {};
  const graph = buildPnpmGraph(packages, asRecord(doc.snapshots), v6);
  const importers = readImporters(doc, v6);
  const warnings: LockfileWarning[] = [];
  const lines = locateYamlKeys(text, Object.keys(packages), { indent: 2, section: 'packages' });
  const required = v6 ? undefined : requiredPackages(graph, importers);
  const dependsOn = packageEdges(graph, warnings, lines);
  const result: LockPackage[] = Object.entries(packages).map(([id, value]) =>
    pnpmPackage(
      { id, record: asRecord(value) ?? {}, line: lines.get(id) ?? 1, path, required, dependsOn },
      warnings,
    ),
  );
  const members = importers.filter((importer) => importer.id !== '.');
  const importerLines = locateYamlKeys(
    text,
    members.map((i) => i.id),
    { indent: 2, section: 'importers' },
  );
  result.push(...importerPackages(importers, graph, importerLines, path));
  const lockfile: Lockfile = { path, format: 'pnpm', formatVersion, packages: result, warnings };
  const root = importers.find((importer) => importer.id === '.');
  if (root !== undefined) lockfile.root = rootOf(root, graph, options);
  return lockfile;
}

/** v9: packages some importer's prod dependencies reach through required edges. */
function requiredPackages(graph: PnpmGraph, importers: readonly PnpmImporter[]): Set<string> {
  const starts = importers.flatMap((importer) =>
    importer.deps.filter((dep) => dep.kind === 'prod').map((dep) => dep.target),
  );
  const nodes = reachable(starts, (id) =>
    (graph.edges.get(id) ?? []).filter((edge) => !edge.optional).map((edge) => edge.to),
  );
  const out = new Set<string>();
  for (const id of nodes) {
    const pkg = graph.packageOf.get(id);
    if (pkg !== undefined) out.add(pkg);
  }
  return out;
}

/** package key → the package keys its snapshots depend on; missing targets become warnings. */
function packageEdges(
  graph: PnpmGraph,
  warnings: LockfileWarning[],
  lines: ReadonlyMap<string, number>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, edges] of graph.edges) {
    const from = graph.packageOf.get(id);
    if (from === undefined) continue;
    const list = out.get(from) ?? [];
    for (const edge of edges) {
      const to = graph.packageOf.get(edge.to);
      if (to !== undefined) list.push(to);
      else if (!edge.optional)
        warnings.push({
          line: lines.get(from) ?? 1,
          message: `dependency ${edge.to} of ${id} is not in the lockfile`,
        });
    }
    out.set(from, list);
  }
  return out;
}

function rootOf(
  root: PnpmImporter,
  graph: PnpmGraph,
  options: ReaderOptions,
): NonNullable<Lockfile['root']> {
  const manifest = options.manifests?.[0];
  const dependsOn = uniqueSorted(root.deps.flatMap((dep) => importerDependency(dep.target, graph)));
  const out: NonNullable<Lockfile['root']> = { name: manifest?.name ?? '.', dependsOn };
  if (manifest?.version !== undefined) out.version = manifest.version;
  return out;
}

import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import type { ReaderOptions } from './manifest.js';
import { asRecord, asString, unsupportedVersion } from './parse-error.js';
import type { PnpmGraph } from './pnpm-graph.js';
import { buildPnpmGraph } from './pnpm-graph.js';
import { splitPnpmDocuments } from './pnpm-documents.js';
import type { PnpmLayout } from './pnpm-keys.js';
import type { PnpmImporter } from './pnpm-importers.js';
import { importerRef, readImporters } from './pnpm-importers.js';
import { importerDependency, importerPackages, pnpmPackage } from './pnpm-package.js';
import { reachable } from './reach.js';
import { locateYamlKeys } from './yaml-key-lines.js';
import { uniqueSorted } from './npm-package.js';

/**
 * Reads `pnpm-lock.yaml` in every layout pnpm has written: lockfileVersion 5.x (pnpm 3–7),
 * 6.x (pnpm 8), 7.0/9.0 (pnpm 9 and later), and the two-document file of pnpm 11 and later
 * (whose first document, pnpm's own environment, is left out: see `splitPnpmDocuments`).
 * Components are the `packages` entries (one per name@version; 5.x and 6.x also per peer
 * variant); edges come from `snapshots` (9.0) or the entries themselves (5.x, 6.x). Scope: 5.x
 * and 6.x have `dev`/`optional` flags; 9.0 has none, so a package is `required` when some
 * importer's `dependencies` reach it through `dependencies` edges.
 */
export function readPnpmLockfile(
  text: string,
  path: string,
  options: ReaderOptions = {},
): Lockfile {
  const { project, notes } = splitPnpmDocuments(text, path);
  if (project === undefined) {
    const formatVersion = /^lockfileVersion: *'?([^'\s]+)/m.exec(text)?.[1] ?? '';
    return { path, format: 'pnpm', formatVersion, packages: [], warnings: notes };
  }
  const { doc } = project;
  const formatVersion = asString(doc.lockfileVersion) ?? '';
  const layout = layoutOf(formatVersion);
  if (layout === undefined) {
    const line = locateYamlKeys(project.text, [], { indent: 0 }).get('lockfileVersion') ?? 1;
    const found = formatVersion || 'none';
    throw unsupportedVersion(path, line, 'pnpm-lock.yaml lockfileVersion', found, SUPPORTED);
  }
  const packages = asRecord(doc.packages) ?? {};
  const graph = buildPnpmGraph(packages, asRecord(doc.snapshots), layout);
  const importers = readImporters(doc, layout);
  const warnings: LockfileWarning[] = [...notes];
  const where = { indent: 2, section: 'packages' };
  const lines = locateYamlKeys(project.text, Object.keys(packages), where);
  const required = layout === 'v9' ? requiredPackages(graph, importers) : undefined;
  const members = importers.filter((importer) => importer.id !== '.').map((i) => i.id);
  const memberRefs = new Set(members.map(importerRef));
  const dependsOn = packageEdges(graph, memberRefs, warnings, lines);
  const result: LockPackage[] = Object.entries(packages).map(([id, value]) =>
    pnpmPackage(
      {
        id,
        record: asRecord(value) ?? {},
        line: lines.get(id) ?? 1,
        path,
        layout,
        required,
        dependsOn,
      },
      warnings,
    ),
  );
  const importerLines = locateYamlKeys(project.text, members, { indent: 2, section: 'importers' });
  result.push(...importerPackages(importers, graph, importerLines, path));
  const lockfile: Lockfile = { path, format: 'pnpm', formatVersion, packages: result, warnings };
  const root = importers.find((importer) => importer.id === '.');
  if (root !== undefined) lockfile.root = rootOf(root, graph, options);
  return lockfile;
}

const SUPPORTED = ['5.x', '6.x', '7.0', '9.0'];

/** The layout of a lockfileVersion (5.x as pnpm 7 wrote it may carry `-inlineSpecifiers`). */
function layoutOf(formatVersion: string): PnpmLayout | undefined {
  if (/^5(\.\d+)?(-inlineSpecifiers)?$/.test(formatVersion)) return 'v5';
  if (/^6\.\d+$/.test(formatVersion)) return 'v6';
  return /^(7|9)\.0$/.test(formatVersion) ? 'v9' : undefined;
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

/** package key → the package keys (and linked workspace projects) its snapshots depend on; missing targets become warnings. */
function packageEdges(
  graph: PnpmGraph,
  importers: ReadonlySet<string>,
  warnings: LockfileWarning[],
  lines: ReadonlyMap<string, number>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, edges] of graph.edges) {
    const from = graph.packageOf.get(id);
    if (from === undefined) continue;
    const list = out.get(from) ?? [];
    for (const edge of edges) {
      const to = edge.to.startsWith('importer:') ? undefined : graph.packageOf.get(edge.to);
      if (to !== undefined) list.push(to);
      else if (importers.has(edge.to)) list.push(edge.to);
      else if (!edge.optional && !edge.to.startsWith('importer:'))
        warnings.push({
          line: lines.get(from) ?? 1,
          message: `dependency ${edge.to} of ${id} is not in the lockfile`,
          kind: 'missing-dependency',
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

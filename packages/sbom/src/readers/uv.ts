import type { Lockfile, LockfileReader, LockfileWarning, LockPackage } from '../lockfile.js';
import {
  createRefAllocator,
  lineMatching,
  parseError,
  unsupportedVersion,
  withProperties,
} from './lock-entry.js';
import {
  artifactProperties,
  chooseArtifactHash,
  entryWarnings,
  normalizePythonName,
  pypiPurl,
} from './python-package.js';
import type { PythonArtifact } from './python-package.js';
import { edgeRefs, reachable, resolveEdges, sourceKeyOf } from './uv-graph.js';
import type { UvGraphNode } from './uv-graph.js';
import {
  asArray,
  asString,
  asTable,
  locatePackageBlocks,
  packageTables,
  parseLockToml,
} from './toml-lock.js';
import type { TomlTable } from './toml-lock.js';

/** One `[[package]]` of uv.lock with what the graph steps need. */
interface UvNode extends UvGraphNode {
  /** `editable`/`virtual`/`directory`/`path` sources: first-party or local files, no registry purl. */
  local: string | undefined;
  /** The project itself: an `editable` or `virtual` source at `.`. */
  isProject: boolean;
  purl: string | undefined;
}

const LOCAL_SOURCES = ['editable', 'virtual', 'directory', 'path'] as const;

/**
 * Reads uv.lock (`version = 1`, any `revision`). The project itself (source `editable = "."` or
 * `virtual = "."`) becomes `root`, not a component. Scope follows the graph: a package is
 * `required` when the project or a workspace member reaches it through `dependencies` (including
 * extras those edges request); packages only reachable through dev-dependency groups or the
 * project's own extras are `optional`. `dependsOn` has every edge, with an optional-dependency
 * edge only for extras something in the lockfile requests (or any extra of a workspace member).
 */
export const readUvLockfile: LockfileReader = (text, path) => {
  const doc = parseLockToml(text, path);
  const formatVersion = uvVersion(doc, text, path);
  const tables = packageTables(doc, path);
  const lines = locatePackageBlocks(text, path, tables);
  const warnings: LockfileWarning[] = [];
  const ref = createRefAllocator();
  const nodes = tables.map((table, i) => toNode(table, path, lines[i] ?? 0, ref));
  const edges = resolveEdges(nodes, warnings);
  const rootIndex = nodes.findIndex((n) => n.isProject);
  const members = memberIndexes(doc, nodes, rootIndex);
  if (members.length === 0)
    warnings.push({
      line: 0,
      message: 'no project package (source "."): every package marked required',
    });
  const required = members.length === 0 ? new Set(nodes.keys()) : reachable(edges, members);
  const dependsOn = edgeRefs(nodes, edges, members, rootIndex);
  const packages = nodes.flatMap((node, i) =>
    i === rootIndex ? [] : [toPackage(node, path, required.has(i), dependsOn[i] ?? [], warnings)],
  );
  const rootNode = nodes[rootIndex];
  const root = rootNode && {
    name: rootNode.name,
    version: rootNode.version,
    dependsOn: dependsOn[rootIndex] ?? [],
  };
  const lockfile: Lockfile = { path, format: 'uv', formatVersion, packages, warnings };
  return root === undefined ? lockfile : { ...lockfile, root };
};

/** `version` (only 1 exists) and `revision` as `1` or `1.<revision>`. */
function uvVersion(doc: TomlTable, text: string, path: string): string {
  if (doc.distribution !== undefined) {
    const line = lineMatching(text, /^\[\[distribution\]\]/);
    throw unsupportedVersion(path, line, 'uv.lock layout', '[[distribution]] (uv < 0.3)', [
      'version = 1',
    ]);
  }
  const line = lineMatching(text, /^version\s*=/);
  if (doc.version === undefined) throw parseError(path, 0, 'no top-level version: not a uv.lock');
  if (doc.version !== 1)
    throw unsupportedVersion(path, line, 'uv.lock version', JSON.stringify(doc.version), ['1']);
  const revision = doc.revision;
  if (revision !== undefined && typeof revision !== 'number')
    throw parseError(path, line + 1, 'revision must be an integer');
  return revision === undefined ? '1' : `1.${revision}`;
}

/** Validates one `[[package]]` and gives it a ref (its purl when it has one). */
function toNode(
  table: TomlTable,
  path: string,
  line: number,
  ref: (base: string) => string,
): UvNode {
  const name = asString(table.name);
  if (name === undefined || name === '') throw parseError(path, line, '[[package]] without a name');
  const version = asString(table.version);
  const source = asTable(table.source);
  const localKind = LOCAL_SOURCES.find((k) => source?.[k] !== undefined);
  const local = localKind === undefined ? undefined : (asString(source?.[localKind]) ?? '');
  const isProject = local === '.' && (localKind === 'editable' || localKind === 'virtual');
  const purl = local === undefined ? pypiPurl(name, version, qualifiersOf(source)) : undefined;
  const refBase = purl ?? `pypi-local:${normalizePythonName(name)}`;
  return {
    table,
    name,
    version,
    sourceKey: sourceKeyOf(table.source),
    local,
    isProject,
    purl,
    line,
    ref: ref(refBase),
  };
}

/** Purl qualifiers for non-PyPI origins: another index, a git commit, a direct URL. */
function qualifiersOf(source: TomlTable | undefined): Record<string, string> {
  const git = asString(source?.git);
  const registry = asString(source?.registry);
  const url = asString(source?.url);
  if (git !== undefined) {
    // `https://github.com/o/r?rev=v1#<commit>` → `git+https://github.com/o/r@<commit>`
    const [location = '', commit] = git.split('#');
    const repo = location.split('?')[0] ?? location;
    return { vcs_url: commit === undefined ? `git+${repo}` : `git+${repo}@${commit}` };
  }
  if (registry !== undefined && !/^https:\/\/pypi\.org\/simple\/?$/.test(registry))
    return { repository_url: registry };
  return url === undefined ? {} : { download_url: url };
}

/** The project node plus `[manifest] members` (workspace members): where required traversal starts. */
function memberIndexes(doc: TomlTable, nodes: UvNode[], rootIndex: number): number[] {
  const names = new Set(
    asArray(asTable(doc.manifest)?.members).map((m) => normalizePythonName(String(m))),
  );
  const members = nodes.flatMap((n, i) =>
    n.local !== undefined && names.has(normalizePythonName(n.name)) ? [i] : [],
  );
  return rootIndex >= 0 && !members.includes(rootIndex) ? [rootIndex, ...members] : members;
}

/** The file name of an sdist/wheel entry (`filename`, else the last segment of `url`/`path`). */
function fileName(entry: TomlTable): string | undefined {
  const location = asString(entry.filename) ?? asString(entry.url) ?? asString(entry.path);
  return location?.split('?')[0]?.split('/').pop();
}

/** sdist first, then wheels, as uv lists them. */
function artifactsOf(table: TomlTable): PythonArtifact[] {
  const sdist = asTable(table.sdist);
  const listed: [TomlTable | undefined, PythonArtifact['kind']][] = [
    [sdist, 'sdist'],
    ...asArray(table.wheels).map((w): [TomlTable | undefined, PythonArtifact['kind']] => [
      asTable(w),
      'wheel',
    ]),
  ];
  return listed.flatMap(([entry, kind]) => {
    const hash = asString(entry?.hash);
    return entry === undefined || hash === undefined ? [] : [{ file: fileName(entry), hash, kind }];
  });
}

/** `trailmark:python:source` for a local package (`editable:packages/lib`); none for registry ones. */
function localSourceProperties(node: UvNode): NonNullable<LockPackage['properties']> {
  if (node.local === undefined) return [];
  return Object.entries(asTable(node.table.source) ?? {}).map(([k, v]) => ({
    name: 'trailmark:python:source',
    value: `${k}:${String(v)}`,
  }));
}

/** The component for one non-root node. */
function toPackage(
  node: UvNode,
  path: string,
  required: boolean,
  dependsOn: string[],
  warnings: LockfileWarning[],
): LockPackage {
  const { name, version, line, table } = node;
  const choice = chooseArtifactHash(artifactsOf(table));
  const expectHash = node.local === undefined && asTable(table.source)?.git === undefined;
  const messages = entryWarnings(name, version, choice, expectHash, 'no sdist or wheel hash');
  warnings.push(...messages.map((warning) => ({ line, ...warning })));
  const hashes = choice.hash === undefined ? [] : [choice.hash];
  const scope = required ? 'required' : 'optional';
  const { ref, purl } = node;
  const pkg: LockPackage = {
    ref,
    name,
    version,
    purl,
    scope,
    hashes,
    licenses: [],
    source: { path, line },
    dependsOn,
  };
  return withProperties(pkg, [...localSourceProperties(node), ...artifactProperties(choice)]);
}

import type { Lockfile, LockfileWarning, LockPackage } from '../lockfile.js';
import type { ReaderOptions } from './manifest.js';
import { asRecord, asString, unsupportedVersion } from './parse-error.js';
import { reachable } from './reach.js';
import type { BerryEdge, BerryEntry } from './yarn-berry-index.js';
import { BerryIndex } from './yarn-berry-index.js';
import { berryPackage, isWorkspace, workspaceStarts } from './yarn-berry-package.js';
import { locateYamlKeys } from './yaml-key-lines.js';
import { parseYamlObject } from './yaml-doc.js';
import { uniqueSorted } from './npm-package.js';

/** `__metadata.version` values written by yarn 2 (4) through yarn 4 (8, 10). */
const SUPPORTED = new Set(['4', '5', '6', '7', '8', '9', '10']);

/**
 * Reads a yarn berry `yarn.lock` (YAML with `__metadata`). Refs are resolutions (locators);
 * edges follow `dependencies` descriptors (through built-in patches); workspace `.` is the
 * root. Scope: `required` when a workspace's prod dependency reaches the package through
 * non-optional edges; which workspace dependencies are dev comes from `options.manifests`.
 */
export function readYarnBerryLockfile(
  text: string,
  path: string,
  options: ReaderOptions = {},
): Lockfile {
  const { version, entries } = readEntries(text, path);
  const index = new BerryIndex(entries, overridesOf(options));
  const warnings: LockfileWarning[] = [];
  const edges = new Map(entries.map((entry) => [entry.resolution, index.edgesOf(entry, warnings)]));
  const refsOf = (ref: string): string[] => (edges.get(ref) ?? []).map((edge) => edge.to);
  const packages = entries
    .filter((entry) => !isRootWorkspace(entry))
    .map((entry) => berryPackage(entry, uniqueSorted(refsOf(entry.resolution)), path, warnings));
  applyScopes(packages, entries, { edges, index, options, warnings });
  const lockfile: Lockfile = {
    path,
    format: 'yarn-berry',
    formatVersion: version,
    packages,
    warnings,
  };
  const root = entries.find(isRootWorkspace);
  if (root !== undefined) lockfile.root = rootOf(root, refsOf(root.resolution), options);
  return lockfile;
}

/** Parses the YAML, checks `__metadata.version`, and locates every entry's key line. */
function readEntries(text: string, path: string): { version: string; entries: BerryEntry[] } {
  const doc = parseYamlObject(text, path);
  const version = asString(asRecord(doc.__metadata)?.version) ?? 'none';
  const lines = locateYamlKeys(text, Object.keys(doc), { indent: 0 });
  if (!SUPPORTED.has(version)) {
    const line = (lines.get('__metadata') ?? 0) + 1;
    throw unsupportedVersion(path, line, 'yarn berry __metadata.version', version);
  }
  const entries = Object.entries(doc)
    .filter(([key]) => key !== '__metadata')
    .map(([key, value]) => toEntry(key, asRecord(value) ?? {}, lines.get(key) ?? 1));
  return { version, entries };
}

function toEntry(key: string, record: Record<string, unknown>, line: number): BerryEntry {
  const descriptors = key.split(',').map((part) => part.trim());
  return {
    descriptors,
    resolution: asString(record.resolution) ?? descriptors[0] ?? key,
    record,
    line,
  };
}

/** Root `resolutions` that apply everywhere (`name` or `**\/name`); scoped paths are not followed. */
function overridesOf(options: ReaderOptions): Map<string, string> {
  const out = new Map<string, string>();
  for (const [pattern, range] of Object.entries(options.manifests?.[0]?.resolutions ?? {})) {
    const name = pattern.replace(/^\*\*\//, '');
    if (!name.slice(1).includes('/') || (name.startsWith('@') && name.split('/').length === 2))
      out.set(name, range);
  }
  return out;
}

function isRootWorkspace(entry: BerryEntry): boolean {
  return entry.resolution.endsWith('@workspace:.');
}

interface ScopeContext {
  edges: ReadonlyMap<string, BerryEdge[]>;
  index: BerryIndex;
  options: ReaderOptions;
  warnings: LockfileWarning[];
}

function applyScopes(
  packages: LockPackage[],
  entries: readonly BerryEntry[],
  context: ScopeContext,
): void {
  const { edges, options, warnings } = context;
  if (options.manifests === undefined || options.manifests.length === 0) {
    warnings.push({
      line: 1,
      message: 'no package.json given: dev-only packages cannot be told apart, all marked required',
    });
    return;
  }
  // A workspace is entered through its prod dependencies only: its entry merges in dev ones.
  const workspaces = new Map(
    entries
      .filter(isWorkspace)
      .map((entry) => [
        entry.resolution,
        workspaceStarts(entry, options.manifests ?? [], context.index),
      ]),
  );
  const next = (ref: string): string[] =>
    workspaces.get(ref) ??
    (edges.get(ref) ?? []).filter((edge) => !edge.optional).map((edge) => edge.to);
  const required = reachable([...workspaces.values()].flat(), next);
  for (const pkg of packages)
    pkg.scope =
      required.has(pkg.ref) || pkg.properties?.some(isWorkspaceProperty) === true
        ? 'required'
        : 'optional';
}

function isWorkspaceProperty(property: { name: string }): boolean {
  return property.name === 'trailmark:yarn:workspace';
}

function rootOf(
  root: BerryEntry,
  dependsOn: string[],
  options: ReaderOptions,
): NonNullable<Lockfile['root']> {
  const manifest = options.manifests?.[0];
  const name = root.resolution.slice(0, root.resolution.indexOf('@workspace:', 1));
  const out: NonNullable<Lockfile['root']> = { name, dependsOn: uniqueSorted(dependsOn) };
  if (manifest?.version !== undefined) out.version = manifest.version;
  return out;
}

import type { Lockfile } from '../lockfile.js';
import { scanJsonKeys } from './json-key-lines.js';
import type { PackageManifest } from './manifest.js';
import { manifestEdges } from './manifest.js';
import type { FlatNpmEntry } from './npm-flat.js';
import { buildNpmLockfile } from './npm-flat.js';
import { licensesOf } from './npm-packages.js';
import { asRecord, asString, parseError } from './parse-error.js';

/**
 * Reads package-lock v1: a nested `dependencies` tree whose nesting is the `node_modules`
 * layout. Edges come from `requires`. v1 does not list the root's own dependencies, so they
 * come from the root manifest when the caller passes it.
 */
export function readNpmDependencyTree(
  doc: Record<string, unknown>,
  text: string,
  path: string,
  manifest: PackageManifest | undefined,
): Lockfile {
  const lines = new Map<string, number>();
  scanJsonKeys(text, (keys, line) => {
    const location = treeLocation(keys);
    if (location !== undefined) lines.set(location, line);
  });
  const entries = new Map<string, FlatNpmEntry>();
  collectTree(asRecord(doc.dependencies) ?? {}, '', { path, lines, entries });
  const root = {
    name: asString(doc.name) ?? manifest?.name,
    version: asString(doc.version) ?? manifest?.version,
    deps:
      manifest === undefined
        ? []
        : manifestEdges(manifest).map(([name, , kind]) => ({
            name,
            optional: kind === 'optional',
          })),
  };
  return buildNpmLockfile(entries, root, { path, formatVersion: '1' });
}

/** `['dependencies', 'a', 'dependencies', 'b']` → `node_modules/a/node_modules/b`; other paths → undefined. */
function treeLocation(keys: readonly string[]): string | undefined {
  if (keys.length < 2 || keys.length % 2 !== 0) return undefined;
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i += 2) {
    if (keys[i] !== 'dependencies') return undefined;
    parts.push(`node_modules/${keys[i + 1] ?? ''}`);
  }
  return parts.join('/');
}

interface TreeContext {
  path: string;
  lines: ReadonlyMap<string, number>;
  entries: Map<string, FlatNpmEntry>;
}

function collectTree(tree: Record<string, unknown>, parent: string, context: TreeContext): void {
  for (const [name, value] of Object.entries(tree)) {
    const key = parent === '' ? `node_modules/${name}` : `${parent}/node_modules/${name}`;
    const line = context.lines.get(key) ?? 1;
    const record = asRecord(value);
    if (record === undefined)
      throw parseError(context.path, line, `dependencies["${name}"] is not an object`);
    context.entries.set(key, toFlatEntry(key, name, record, line));
    collectTree(asRecord(record.dependencies) ?? {}, key, context);
  }
}

function toFlatEntry(
  key: string,
  name: string,
  record: Record<string, unknown>,
  line: number,
): FlatNpmEntry {
  const { fullName, version } = v1Version(name, asString(record.version));
  return {
    key,
    line,
    fullName,
    version,
    resolved: asString(record.resolved) ?? (version?.includes(':') === true ? version : undefined),
    integrity: asString(record.integrity),
    licenses: licensesOf(record.license),
    notRequired: record.dev === true || record.optional === true,
    bundled: record.bundled === true,
    local: version?.startsWith('file:') === true,
    deps: Object.keys(asRecord(record.requires) ?? {}).map((dep) => ({
      name: dep,
      optional: record.optional === true,
    })),
  };
}

/** v1 writes aliases as `"version": "npm:<real-name>@<version>"`. */
function v1Version(
  name: string,
  version: string | undefined,
): { fullName: string; version: string | undefined } {
  const alias = version?.startsWith('npm:') === true ? version.slice(4) : undefined;
  const at = alias?.lastIndexOf('@') ?? -1;
  if (alias === undefined || at <= 0) return { fullName: name, version };
  return { fullName: alias.slice(0, at), version: alias.slice(at + 1) };
}

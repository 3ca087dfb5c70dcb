import type { Lockfile } from '../lockfile.js';
import { scanJsonKeys } from './json-key-lines.js';
import type { FlatNpmEntry, NpmRoot } from './npm-flat.js';
import { buildNpmLockfile } from './npm-flat.js';
import type { NpmDeclaredDependency } from './npm-tree.js';
import { nameFromLocation } from './npm-tree.js';
import { asRecord, asString, parseError } from './parse-error.js';

/** Reads the `packages` map of package-lock v2/v3 (v2 also carries a v1 tree, which is ignored). */
export function readNpmPackagesSection(
  doc: Record<string, unknown>,
  text: string,
  path: string,
  version: string,
): Lockfile {
  const packages = asRecord(doc.packages);
  if (packages === undefined)
    throw parseError(path, 1, `lockfileVersion ${version} without a "packages" object`);
  const lines = new Map<string, number>();
  scanJsonKeys(text, (keys, line) => {
    if (keys.length === 2 && keys[0] === 'packages') lines.set(keys[1] ?? '', line);
  });
  const entries = new Map<string, FlatNpmEntry>();
  for (const [key, value] of Object.entries(packages)) {
    const record = asRecord(value);
    const line = lines.get(key) ?? 1;
    if (record === undefined) throw parseError(path, line, `packages["${key}"] is not an object`);
    if (key !== '') entries.set(key, toFlatEntry(key, record, line));
  }
  const rootRecord = asRecord(packages['']) ?? {};
  const root: NpmRoot = {
    name: asString(rootRecord.name) ?? asString(doc.name),
    version: asString(rootRecord.version) ?? asString(doc.version),
    deps: declaredDependencies(rootRecord, true),
  };
  return buildNpmLockfile(entries, root, { path, formatVersion: version });
}

function toFlatEntry(key: string, record: Record<string, unknown>, line: number): FlatNpmEntry {
  const local = !key.startsWith('node_modules/') && !key.includes('/node_modules/');
  const entry: FlatNpmEntry = {
    key,
    line,
    fullName: asString(record.name) ?? nameFromLocation(key),
    version: asString(record.version),
    resolved: asString(record.resolved),
    integrity: asString(record.integrity),
    licenses: licensesOf(record.license),
    notRequired: record.dev === true || record.optional === true || record.devOptional === true,
    bundled: record.inBundle === true,
    local,
    deps: declaredDependencies(record, local),
  };
  if (record.link === true && entry.resolved !== undefined) entry.link = entry.resolved;
  return entry;
}

/** `dependencies`, `optionalDependencies`, `peerDependencies`; `devDependencies` only for local packages. */
function declaredDependencies(
  record: Record<string, unknown>,
  local: boolean,
): NpmDeclaredDependency[] {
  const names = (field: string): string[] => Object.keys(asRecord(record[field]) ?? {});
  return [
    ...names('dependencies').map((name) => ({ name, optional: false })),
    ...names('optionalDependencies').map((name) => ({ name, optional: true })),
    // A peer that is not installed is the consumer's choice (or --legacy-peer-deps): no warning.
    ...names('peerDependencies').map((name) => ({ name, optional: true })),
    ...(local ? names('devDependencies').map((name) => ({ name, optional: false })) : []),
  ];
}

/** `license` as npm records it: a string, or (old packages) `{ type }`. */
export function licensesOf(value: unknown): string[] {
  const license = asString(value) ?? asString(asRecord(value)?.type);
  return license === undefined || license === '' ? [] : [license];
}

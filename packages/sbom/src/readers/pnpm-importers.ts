import { posix } from 'node:path';
import { asRecord, asString } from './parse-error.js';
import type { PnpmLayout } from './pnpm-keys.js';
import { referenceToId } from './pnpm-keys.js';

/** How an importer (a project of the workspace) depends on something. */
export type DependencyKind = 'prod' | 'optional' | 'dev';

/** One project of a pnpm workspace and its direct dependencies. */
export interface PnpmImporter {
  /** Directory relative to the lockfile, `.` for the root project. */
  id: string;
  deps: { name: string; target: string; kind: DependencyKind }[];
}

const FIELDS: readonly [string, DependencyKind][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];

/** The ref an importer's workspace link points at. */
export function importerRef(id: string): string {
  return `importer:${id}`;
}

/**
 * The importers of a pnpm lockfile (`importers`, or for single-project files the top-level
 * dependency maps; 5.x `specifiers` are ignored, the dependency maps hold the resolved references), with each dependency turned into the ref it points at: a `packages`/
 * `snapshots` id, or {@link importerRef} for `link:` dependencies.
 */
export function readImporters(doc: Record<string, unknown>, layout: PnpmLayout): PnpmImporter[] {
  const importers = asRecord(doc.importers);
  if (importers === undefined) return [toImporter('.', doc, layout)];
  return Object.entries(importers).map(([id, value]) =>
    toImporter(id, asRecord(value) ?? {}, layout),
  );
}

function toImporter(id: string, record: Record<string, unknown>, layout: PnpmLayout): PnpmImporter {
  const deps: PnpmImporter['deps'] = [];
  for (const [field, kind] of FIELDS) {
    for (const [name, value] of Object.entries(asRecord(record[field]) ?? {})) {
      const reference = asString(value) ?? asString(asRecord(value)?.version);
      if (reference === undefined) continue;
      const target = reference.startsWith('link:')
        ? importerRef(posix.normalize(posix.join(id, reference.slice('link:'.length))))
        : referenceToId(name, reference, layout);
      if (target !== undefined) deps.push({ name, target, kind });
    }
  }
  return { id, deps };
}

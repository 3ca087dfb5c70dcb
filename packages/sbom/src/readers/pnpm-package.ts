import { posix } from 'node:path';
import type { LockfileWarning, LockPackage } from '../lockfile.js';
import { decodeIntegrity, warnRejected } from './integrity.js';
import { toNpmPackage, uniqueSorted } from './npm-package.js';
import { asRecord, asString } from './parse-error.js';
import type { PnpmGraph } from './pnpm-graph.js';
import type { PnpmImporter } from './pnpm-importers.js';
import { importerRef } from './pnpm-importers.js';
import type { PnpmLayout } from './pnpm-keys.js';
import { splitPackageId } from './pnpm-keys.js';

/** One `packages` entry with what the reader worked out about it. */
export interface PnpmPackageInput {
  id: string;
  record: Record<string, unknown>;
  line: number;
  path: string;
  layout: PnpmLayout;
  /** v9: the packages reachable through prod edges; v5/v6: undefined (flags decide). */
  required: ReadonlySet<string> | undefined;
  dependsOn: ReadonlyMap<string, string[]>;
}

/** The {@link LockPackage} of a `packages` entry (`name`/`version` fields win over the id). */
export function pnpmPackage(input: PnpmPackageInput, warnings: LockfileWarning[]): LockPackage {
  const { id, record, line } = input;
  const parts = splitPackageId(id, input.layout);
  const fullName = asString(record.name) ?? parts.name;
  const version = asString(record.version) ?? parts.version;
  const resolution = asRecord(record.resolution) ?? {};
  const integrity = asString(resolution.integrity);
  const decoded = decodeIntegrity(integrity ?? '');
  if (version === undefined)
    warnings.push({ line, message: `${fullName} has no version`, kind: 'no-version' });
  if (integrity === undefined && resolution.directory === undefined)
    warnings.push({ line, message: `${fullName} has no integrity`, kind: 'no-hash' });
  warnRejected(warnings, line, fullName, decoded.rejected);
  return toNpmPackage(
    {
      ref: id,
      fullName,
      version,
      line,
      scope: isRequired(input) ? 'required' : 'optional',
      hashes: decoded.hashes,
      licenses: [],
      dependsOn: input.dependsOn.get(id) ?? [],
      resolved: artifactSource(resolution),
    },
    input.path,
  );
}

function isRequired({ id, record, required }: PnpmPackageInput): boolean {
  if (required !== undefined) return required.has(id);
  return record.dev !== 'true' && record.optional !== 'true';
}

/** Where a non-registry artifact comes from: a tarball URL or `git+<repo>#<commit>`. */
function artifactSource(resolution: Record<string, unknown>): string | undefined {
  const tarball = asString(resolution.tarball);
  if (tarball !== undefined) return tarball;
  const repo = asString(resolution.repo);
  const commit = asString(resolution.commit);
  return repo !== undefined && commit !== undefined ? `git+${repo}#${commit}` : undefined;
}

/** The ref an importer dependency points at, when the lockfile holds it. */
export function importerDependency(target: string, graph: PnpmGraph): string[] {
  if (target.startsWith('importer:')) return [target];
  const pkg = graph.packageOf.get(target);
  return pkg === undefined ? [] : [pkg];
}

/**
 * Workspace projects other than the root, as packages without version or purl: the lockfile
 * names them only by directory (and by the names other importers link them under).
 */
export function importerPackages(
  importers: readonly PnpmImporter[],
  graph: PnpmGraph,
  lines: ReadonlyMap<string, number>,
  path: string,
): LockPackage[] {
  const linkedNames = new Map<string, string>();
  for (const dep of importers.flatMap((importer) => importer.deps)) {
    if (dep.target.startsWith('importer:') && !linkedNames.has(dep.target))
      linkedNames.set(dep.target, dep.name);
  }
  return importers
    .filter((importer) => importer.id !== '.')
    .map((importer) => {
      const ref = importerRef(importer.id);
      const fullName = linkedNames.get(ref) ?? posix.basename(importer.id);
      const pkg = toNpmPackage(
        {
          ref,
          fullName,
          version: undefined,
          line: lines.get(importer.id) ?? 1,
          scope: 'required',
          hashes: [],
          licenses: [],
          dependsOn: [],
        },
        path,
      );
      pkg.dependsOn = uniqueSorted(
        importer.deps.flatMap((dep) => importerDependency(dep.target, graph)),
      );
      pkg.properties = [{ name: 'trailmark:pnpm:importer', value: importer.id }];
      return pkg;
    });
}

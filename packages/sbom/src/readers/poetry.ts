import type { LockfileReader, LockfileWarning, LockPackage } from '../lockfile.js';
import {
  createRefAllocator,
  lineMatching,
  parseError,
  unsupportedVersion,
  withProperties,
} from './lock-entry.js';
import {
  artifactKind,
  artifactProperties,
  chooseArtifactHash,
  entryWarnings,
  normalizePythonName,
  pypiPurl,
} from './python-package.js';
import type { PythonArtifact } from './python-package.js';
import {
  asArray,
  asString,
  asTable,
  locatePackageBlocks,
  packageTables,
  parseLockToml,
} from './toml-lock.js';
import type { TomlTable } from './toml-lock.js';

/** `[metadata] lock-version` values written by Poetry 1.0 (implicit) through 2.x. */
const SUPPORTED = ['1.0', '1.1', '2.0', '2.1'];

/** One `[[package]]` with its component, before edges are resolved. */
interface Entry {
  table: TomlTable;
  pkg: LockPackage;
}

/** What every per-package step needs. */
interface PoetryContext {
  path: string;
  warnings: LockfileWarning[];
  ref: (base: string) => string;
  /** lock-version 1.x `[metadata.files]`, by PEP 503 name. */
  legacyFiles: Map<string, unknown[]> | undefined;
  /** How many `[[package]]` entries share each PEP 503 name. */
  nameCounts: Map<string, number>;
}

/** Where a package comes from, from `[package.source]` (absent for the default index). */
interface Origin {
  qualifiers: Record<string, string | undefined>;
  /** Path of a `directory`/`file` source: first-party code, no registry purl. */
  local: string | undefined;
  properties: NonNullable<LockPackage['properties']>;
}

/**
 * Reads poetry.lock (lock-version 1.0–2.1). Scope: `category = "dev"` (1.x) or `groups` without
 * `main` (2.1) or `optional = true` (extras only) → `optional`. Edges come from
 * `[package.dependencies]`, matched by PEP 503 name. poetry.lock does not name the project nor
 * its direct dependencies (pyproject.toml does), so the result has no `root`.
 */
export const readPoetryLockfile: LockfileReader = (text, path) => {
  const doc = parseLockToml(text, path);
  const formatVersion = lockVersion(doc, text, path);
  const tables = packageTables(doc, path);
  const lines = locatePackageBlocks(text, path, tables);
  const warnings: LockfileWarning[] = [];
  const ctx = { path, warnings, ref: createRefAllocator(), ...fileIndexes(doc, tables) };
  const entries = tables.map((table, i) => ({ table, pkg: toPackage(ctx, table, lines[i] ?? 0) }));
  linkDependencies(entries, warnings);
  if (
    tables.length > 0 &&
    tables.every((t) => t.category === undefined && t.groups === undefined)
  ) {
    const message = `lock-version ${formatVersion} records no category or groups: dev-only packages cannot be told apart, all are required`;
    warnings.push({ line: 0, message });
  }
  return { path, format: 'poetry', formatVersion, packages: entries.map((e) => e.pkg), warnings };
};

/** `[metadata] lock-version`; Poetry 1.0 wrote none. */
function lockVersion(doc: TomlTable, text: string, path: string): string {
  const metadata = asTable(doc.metadata);
  if (metadata === undefined) throw parseError(path, 0, 'no [metadata] table: not a poetry.lock');
  const raw = metadata['lock-version'] ?? '1.0';
  const line = lineMatching(text, /^\s*lock-version\s*=/);
  if (typeof raw !== 'string') throw parseError(path, line, 'lock-version must be a string');
  if (!SUPPORTED.includes(raw))
    throw unsupportedVersion(path, line, 'poetry lock-version', raw, SUPPORTED);
  return raw;
}

/** Indexes built once: 1.x `[metadata.files]` and how many entries share each name. */
function fileIndexes(
  doc: TomlTable,
  tables: readonly TomlTable[],
): Pick<PoetryContext, 'legacyFiles' | 'nameCounts'> {
  const nameCounts = new Map<string, number>();
  for (const t of tables) {
    const key = normalizePythonName(asString(t.name) ?? '');
    nameCounts.set(key, (nameCounts.get(key) ?? 0) + 1);
  }
  const files = asTable(asTable(doc.metadata)?.files);
  if (files === undefined) return { legacyFiles: undefined, nameCounts };
  const legacyFiles = new Map(
    Object.entries(files).map(([k, v]) => [normalizePythonName(k), asArray(v)]),
  );
  return { legacyFiles, nameCounts };
}

/** Builds the component for one `[[package]]` (edges come later). */
function toPackage(ctx: PoetryContext, table: TomlTable, line: number): LockPackage {
  const name = asString(table.name);
  if (name === undefined || name === '')
    throw parseError(ctx.path, line, '[[package]] without a name');
  const version = asString(table.version);
  const origin = originOf(table);
  const choice = chooseArtifactHash(artifactsOf(ctx, table));
  const expectHash = origin.local === undefined && origin.qualifiers.vcs_url === undefined;
  const messages = entryWarnings(name, version, choice, expectHash, 'no file hashes');
  ctx.warnings.push(...messages.map((warning) => ({ line, ...warning })));
  const purl = origin.local === undefined ? pypiPurl(name, version, origin.qualifiers) : undefined;
  const ref = ctx.ref(purl ?? `pypi:${normalizePythonName(name)}`);
  const hashes = choice.hash === undefined ? [] : [choice.hash];
  const pkg: LockPackage = {
    ref,
    name,
    version,
    purl,
    scope: scopeOf(table),
    hashes,
    licenses: [],
    source: { path: ctx.path, line },
    dependsOn: [],
  };
  return withProperties(pkg, [...origin.properties, ...artifactProperties(choice)]);
}

/** dev-only (1.x `category`, 2.1 `groups`) or extras-only (`optional = true`) → `optional`. */
function scopeOf(table: TomlTable): LockPackage['scope'] {
  if (table.optional === true) return 'optional';
  const category = asString(table.category);
  if (category !== undefined) return category === 'dev' ? 'optional' : 'required';
  const groups = asArray(table.groups);
  return groups.length > 0 && !groups.includes('main') ? 'optional' : 'required';
}

/** Purl qualifiers and properties from `[package.source]`. */
function originOf(table: TomlTable): Origin {
  const source = asTable(table.source);
  const type = asString(source?.type);
  const url = asString(source?.url);
  if (source === undefined || type === undefined || url === undefined)
    return { qualifiers: {}, local: undefined, properties: [] };
  const properties = [{ name: 'trailmark:python:source', value: `${type}:${url}` }];
  const commit = asString(source.resolved_reference) ?? asString(source.reference);
  switch (type) {
    case 'directory':
    case 'file':
      return { qualifiers: {}, local: url, properties };
    case 'git':
      return {
        qualifiers: { vcs_url: `git+${url}${commit === undefined ? '' : `@${commit}`}` },
        local: undefined,
        properties,
      };
    case 'url':
      return { qualifiers: { download_url: url }, local: undefined, properties };
    default:
      return { qualifiers: { repository_url: url }, local: undefined, properties };
  }
}

/**
 * The package's files: `files` (lock-version ≥ 2.0) or, for 1.x, `[metadata.files]` keyed by name.
 * That table mixes every locked version of a name, so with several versions each keeps the files
 * whose name carries its version.
 */
function artifactsOf(ctx: PoetryContext, table: TomlTable): PythonArtifact[] {
  const key = normalizePythonName(asString(table.name) ?? '');
  const version = asString(table.version) ?? '';
  let files = asArray(table.files);
  if (files.length === 0 && ctx.legacyFiles !== undefined) {
    files = ctx.legacyFiles.get(key) ?? [];
    if ((ctx.nameCounts.get(key) ?? 0) > 1) {
      files = files.filter((f) => fileHasVersion(asString(asTable(f)?.file) ?? '', version));
    }
  }
  return files.flatMap((f) => {
    const file = asString(asTable(f)?.file);
    const hash = asString(asTable(f)?.hash);
    return file === undefined || hash === undefined
      ? []
      : [{ file, hash, kind: artifactKind(file) }];
  });
}

/** `pkg-1.0.tar.gz` / `pkg-1.0-py3-none-any.whl` carry version `1.0`; `pkg-1.0.1.tar.gz` does not. */
function fileHasVersion(file: string, version: string): boolean {
  const at = file.indexOf(`-${version}`);
  return at >= 0 && /^(-|\.tar|\.zip|\.tgz|\.whl)/.test(file.slice(at + version.length + 1));
}

/**
 * Fills `dependsOn` from `[package.dependencies]`. A name may be locked at several versions (each
 * for different markers); poetry.lock does not say which one a dependent gets, so there is an edge
 * to each. Targets may be missing legitimately: Poetry leaves out dependencies whose markers never
 * match the project's Python range and extras nobody asked for, so only others are warned about.
 */
function linkDependencies(entries: Entry[], warnings: LockfileWarning[]): void {
  const byName = new Map<string, string[]>();
  for (const { pkg } of entries) {
    const key = normalizePythonName(pkg.name);
    const refs = byName.get(key);
    if (refs === undefined) byName.set(key, [pkg.ref]);
    else refs.push(pkg.ref);
  }
  for (const { table, pkg } of entries) {
    for (const [depName, spec] of Object.entries(asTable(table.dependencies) ?? {})) {
      const targets = (byName.get(normalizePythonName(depName)) ?? []).filter((r) => r !== pkg.ref);
      pkg.dependsOn.push(...targets);
      const specs = Array.isArray(spec) ? spec : [spec];
      const conditional = specs.some(
        (s) => asTable(s)?.optional === true || asTable(s)?.markers !== undefined,
      );
      if (targets.length === 0 && !conditional) {
        warnings.push({
          line: pkg.source.line,
          message: `${pkg.name} depends on ${depName}, which is not locked`,
          kind: 'missing-dependency',
        });
      }
    }
  }
}

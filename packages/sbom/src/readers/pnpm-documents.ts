import type { LockfileWarning } from '../lockfile.js';
import { asRecord, parseError } from './parse-error.js';
import { parseYamlObject } from './yaml-doc.js';

/** The project document of a `pnpm-lock.yaml`, and a note when pnpm's own document was left out. */
export interface PnpmDocuments {
  /**
   * The project document as text of the same line count as the file (every other line blanked),
   * so every line found in it is a line of the file. Undefined when the file holds only pnpm's own
   * environment document.
   */
  project: { text: string; doc: Record<string, unknown> } | undefined;
  notes: LockfileWarning[];
}

/** Keys an importer of pnpm's environment document has: what pnpm itself runs with. */
const ENV_KEYS = new Set(['configDependencies', 'packageManagerDependencies']);

/**
 * Splits a `pnpm-lock.yaml` into its YAML documents. pnpm 11 and later write two: first an
 * environment lockfile — the `packageManagerDependencies` (pnpm itself, pinned by the
 * `packageManager` field, and its platform binaries) and `configDependencies` (pnpm plugins) of
 * importer `.` — then the project's lockfile. The first document's packages are the tool that
 * installs the project, not part of it (as npm itself is not in a package-lock.json), so they are
 * left out of the SBOM with a note naming what was left out. Older files are one document.
 */
export function splitPnpmDocuments(text: string, path: string): PnpmDocuments {
  const lines = text.split('\n');
  const ranges = documentRanges(lines);
  if (ranges.length <= 1) return { project: { text, doc: parseYamlObject(text, path) }, notes: [] };
  const docs = ranges.map((range) => {
    const blanked = lines.map((line, i) => (i >= range.start && i < range.end ? line : ''));
    const doc = parseYamlObject(blanked.join('\n'), path);
    return { range, text: blanked.join('\n'), doc, env: isEnvDocument(doc) };
  });
  const projects = docs.filter((doc) => !doc.env);
  const envs = docs.filter((doc) => doc.env);
  if (projects.length > 1 || envs.length > 1) {
    const second = (projects[1] ?? envs[1])?.range.start ?? 0;
    throw parseError(
      path,
      second + 1,
      'expected at most two YAML documents: pnpm’s environment lockfile, then the project’s',
    );
  }
  const notes = envs.map((env) => envNote(env.doc, env.range.start + 1));
  const project = projects[0];
  return { project: project && { text: project.text, doc: project.doc }, notes };
}

/** Line ranges (0-based, end exclusive) of the documents that have content. */
function documentRanges(lines: readonly string[]): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  const close = (end: number): void => {
    const content = lines.slice(start, end).some((line) => /^[^\s#]/.test(line));
    if (content) ranges.push({ start, end });
  };
  lines.forEach((line, i) => {
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      close(i);
      start = i + 1;
    }
  });
  close(lines.length);
  return ranges;
}

function isEnvDocument(doc: Record<string, unknown>): boolean {
  const importers = Object.values(asRecord(doc.importers) ?? {});
  return (
    importers.length > 0 &&
    importers.every((importer) => {
      const keys = Object.keys(asRecord(importer) ?? {});
      return keys.length > 0 && keys.every((key) => ENV_KEYS.has(key));
    })
  );
}

/** `pnpm 12.4.2` and the like: what the environment document pins, for the note. */
function envNote(doc: Record<string, unknown>, line: number): LockfileWarning {
  const pinned: string[] = [];
  for (const importer of Object.values(asRecord(doc.importers) ?? {})) {
    for (const key of ENV_KEYS) {
      for (const [name, value] of Object.entries(asRecord(asRecord(importer)?.[key]) ?? {})) {
        const version = asRecord(value)?.version;
        pinned.push(typeof version === 'string' ? `${name} ${version}` : name);
      }
    }
  }
  const count = Object.keys(asRecord(doc.packages) ?? {}).length;
  return {
    line,
    message: `pnpm's own environment lockfile (${pinned.join(', ')}; ${String(count)} packages) is the package manager, not the project: left out`,
    note: true,
  };
}

import { parse, TomlError } from 'smol-toml';
import { parseError, splitLines } from './lock-entry.js';

/** A parsed TOML table with values not yet checked. */
export type TomlTable = Record<string, unknown>;

/** Parses a TOML lockfile; syntax errors become `SBOM_PARSE` at the line smol-toml reports. */
export function parseLockToml(text: string, path: string): TomlTable {
  try {
    return parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw parseError(path, 0, 'invalid TOML', err);
    const reason =
      err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
    throw parseError(path, err.line, `invalid TOML: ${reason}`, err);
  }
}

/** The value when it is a table (not an array), else `undefined`. */
export function asTable(value: unknown): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as TomlTable)
    : undefined;
}

/** The value when it is a string, else `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value when it is an array, else `[]`. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Where one `[[package]]` block starts, with the `name`/`version` written at its top level. */
interface BlockStart {
  line: number;
  name: string | undefined;
  version: string | undefined;
}

const KEY_LINE = /^(name|version)\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/**
 * Finds every `[[package]]` header line in one pass and the `name`/`version` keys that follow it
 * before any sub-table header. smol-toml gives no positions, so this is how entries get their line.
 */
function scanBlocks(text: string): BlockStart[] {
  const blocks: BlockStart[] = [];
  let current: BlockStart | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = raw.trim();
    if (/^\[\[\s*package\s*\]\]\s*(#.*)?$/.test(line)) {
      current = { line: index + 1, name: undefined, version: undefined };
      blocks.push(current);
    } else if (line.startsWith('[')) {
      current = undefined;
    } else if (current !== undefined) {
      const match = KEY_LINE.exec(line);
      const value = match?.[2] ?? match?.[3];
      if (match?.[1] === 'name') current.name ??= value;
      if (match?.[1] === 'version') current.version ??= value;
    }
  });
  return blocks;
}

/**
 * The header line of each parsed `[[package]]` entry. TOML keeps array-of-tables order, so entry
 * `i` is normally block `i`; the name/version check guards against a header-like line inside a
 * multi-line string, falling back to a lookup by name and version (linear either way).
 */
export function locatePackageBlocks(
  text: string,
  path: string,
  entries: readonly TomlTable[],
): number[] {
  const blocks = scanBlocks(text);
  const byKey = new Map<string, number[]>();
  for (const block of blocks) {
    const key = `${block.name ?? ''}@${block.version ?? ''}`;
    const lines = byKey.get(key);
    if (lines === undefined) byKey.set(key, [block.line]);
    else lines.push(block.line);
  }
  return entries.map((entry, index) => {
    const name = asString(entry.name);
    const version = asString(entry.version);
    const block = blocks[index];
    if (block !== undefined && block.name === name && block.version === version) return block.line;
    const line = byKey.get(`${name ?? ''}@${version ?? ''}`)?.shift();
    if (line === undefined)
      throw parseError(path, 0, `cannot locate the [[package]] line of ${name ?? '(no name)'}`);
    return line;
  });
}

/** The `[[package]]` array, every element a table; anything else is `SBOM_PARSE`. */
export function packageTables(doc: TomlTable, path: string): TomlTable[] {
  const raw = doc.package;
  if (raw === undefined) return [];
  if (!Array.isArray(raw))
    throw parseError(path, 0, '`package` must be an array of tables ([[package]])');
  return raw.map((entry) => {
    const table = asTable(entry);
    if (table === undefined)
      throw parseError(path, 0, '`package` must be an array of tables ([[package]])');
    return table;
  });
}

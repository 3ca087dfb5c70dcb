import { dirname, isAbsolute, resolve } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { LineCounter, isMap, parseDocument, type Document } from 'yaml';
import { readText } from '../read-file.js';
import { PATH_KEYS, PATH_LIST_KEYS } from './settings.js';

/** A config file read: its settings (paths resolved against its directory) and where each key is. */
export interface ConfigFile {
  /** As the user named it, for messages. */
  shown: string;
  settings: Record<string, unknown>;
  /** The 1-based line of a JSON pointer (`/maxBody`), when the file has it. */
  lineOf(pointer: string): number | undefined;
}

/** Reads `--config FILE` (YAML or JSON: JSON is YAML). Malformed: exit 2 naming file:line. */
export async function readConfigFile(cwd: string, file: string): Promise<ConfigFile> {
  const text = await readText(resolve(cwd, file), {
    path: file,
    expected: 'the serve configuration (--config)',
  });
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error !== undefined) {
    const line = lines.linePos(error.pos[0]).line;
    throw invalid(`${file}:${String(line)}: not YAML or JSON: ${firstLine(error.message)}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { shown: file, settings: {}, lineOf: () => 1 };
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${file}:1: the serve configuration must be a mapping of settings`);
  const base = dirname(resolve(cwd, file));
  return {
    shown: file,
    settings: resolvePaths(value as Record<string, unknown>, base),
    lineOf: (pointer) => lineOfPointer(doc, lines, pointer),
  };
}

// Relative paths in a config file mean "next to the file", as in kubeconfig.
function resolvePaths(settings: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = { ...settings };
  const fix = (path: unknown): unknown =>
    typeof path === 'string' && path !== '' && !isAbsolute(path) ? resolve(base, path) : path;
  for (const key of PATH_KEYS) if (key in out) out[key] = fix(out[key]);
  for (const key of PATH_LIST_KEYS) {
    const list = out[key];
    if (Array.isArray(list)) out[key] = list.map(fix);
  }
  return out;
}

function lineOfPointer(doc: Document, lines: LineCounter, pointer: string): number | undefined {
  const path = pointer
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range !== undefined && (depth > 0 || isMap(node))) return lines.linePos(range[0]).line;
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function invalid(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_INVALID', message);
}

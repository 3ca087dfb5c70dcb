import { foreignCause } from '@trailmark/core';
import { isMap, isScalar, parseDocument, visit, type Document, type YAMLMap } from 'yaml';
import { ManifestError } from './error.js';
import { leanParse, type LeanDocument } from './lean-parse.js';
import { scanDocument } from './scan-document.js';
import { lineInDocument, splitStream, type DocumentRange } from './scan-stream.js';
import { isSeparatorLine } from './lines.js';
import { findExcessiveNesting } from './nesting.js';

/** The identity of a Kubernetes object as written in a document. */
export interface ObjectHead {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | undefined;
}

/** One Kubernetes object of a stream: a whole document, or one item of a `kind: List`. */
export interface StreamObject extends ObjectHead {
  /** The plain value (toJS) of the object. */
  value: Record<string, unknown>;
  /** Path of the object inside its document: `[]`, or `['items', i]` for List items. */
  path: (string | number)[];
  /** 1-based line of the object's `kind:` key in the stream. */
  kindLine: number;
  /** 1-based line where the object's text starts in the stream. */
  startLine: number;
}

/** One YAML document of a stream (the text between separators, starting with its `---` line). */
export interface StreamDocument {
  index: number;
  /** Offsets of the document's text in {@link ManifestStream.text}. */
  start: number;
  end: number;
  /** 1-based line of the document's first line (its `---`, if any). */
  line: number;
  /** The `# Source:` path written in this document, if any. */
  sourceComment: string | undefined;
  /** The parsed document; undefined when it holds only comments or nothing, or was read lean. */
  yaml: Document.Parsed | undefined;
  /**
   * The root mapping from the lean pass (`parseManifestStream(…, { lean: true })`): only what stamp
   * edits is materialised; undefined when the document was parsed fully or holds no content.
   */
  lean: YAMLMap | undefined;
  /** The objects in this document (none for non-objects; several for a List). */
  objects: StreamObject[];
}

/** A parsed manifest stream. Concatenating every document's text gives back the input. */
export interface ManifestStream {
  name: string;
  /** The text without a leading UTF-8 BOM. */
  text: string;
  bom: boolean;
  newline: '\n' | '\r\n';
  documents: StreamDocument[];
  warnings: string[];
  /** Documents with content that went through the full yaml Document (all of them unless lean). */
  fullParses: number;
  /**
   * Documents with content the stream scanner handed to the lean pass (lean, scanner on); the
   * lean pass may in turn have handed them to the full Document (counted in `fullParses`).
   */
  scanFallbacks: number;
}

/** Options of {@link parseManifestStream}. */
export interface ParseStreamOptions {
  /**
   * Read block-style documents in one lean pass: object values then hold only `apiVersion`,
   * `kind`, `metadata` and `spec`; documents the lean pass cannot decide are parsed fully.
   */
  lean?: boolean;
  /**
   * With `lean`: read each document first with the stream scanner (scan-document.ts), which
   * builds only the values stamp reads, and hand the lean pass only what it cannot decide.
   * Default true; false forces every document through the lean pass (tests compare both).
   */
  scan?: boolean;
}

/** Deepest nesting accepted; Kubernetes objects (even CRD schemas) stay far below it. */
export const MAX_DEPTH = 200;
/** Alias expansions accepted per document (bounds "billion laughs" alias bombs). */
export const MAX_ALIAS_COUNT = 100;

const SOURCE_COMMENT = /^#\s*Source:\s*(.+?)\s*$/;

/**
 * Splits a rendered stream into documents and parses each. Throws `MANIFEST_PARSE` (or
 * `MANIFEST_TOO_DEEP`/`MANIFEST_ALIAS_LIMIT`) naming `name:line`; never echoes input text, which may
 * hold Secret data.
 */
export function parseManifestStream(
  input: string,
  name: string,
  options: ParseStreamOptions = {},
): ManifestStream {
  const bom = input.startsWith('\uFEFF');
  const text = bom ? input.slice(1) : input;
  const newline = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n';
  const warnings: string[] = [];
  const lean = options.lean === true;
  // The scanner reads `\n` lines only: a stream with any `\r` goes to the lean pass whole.
  const scanning = lean && options.scan !== false;
  const read: Reader = { lean, scanning, scan: scanning && !text.includes('\r'), scanFallbacks: 0 };
  const documents = splitStream(text).map((range, index) =>
    parseChunk(text, range, index, name, warnings, read),
  );
  const fullParses = documents.filter((doc) => doc.yaml !== undefined).length;
  const scanFallbacks = read.scanFallbacks;
  return { name, text, bom, newline, documents, warnings, fullParses, scanFallbacks };
}

function parseChunk(
  text: string,
  range: DocumentRange,
  index: number,
  name: string,
  warnings: string[],
  reader: Reader,
): StreamDocument {
  const chunk = text.slice(range.start, range.end);
  const doc: StreamDocument = {
    index,
    ...range,
    sourceComment: findSourceComment(chunk),
    yaml: undefined,
    lean: undefined,
    objects: [],
  };
  const lineAt = (offset: number): number => lineInDocument(text, range, offset);
  // A document the scanner reads has content; any other is checked for it first.
  const scanned = reader.scan ? scanDocument(text, range.start, range.end) : undefined;
  if (!scanned && !hasContent(chunk)) return doc;
  const read = scanned ?? readLean(chunk, reader);
  if (read) {
    doc.lean = read.root;
    const head = objectHead(read.value);
    if (head) {
      const kindLine = lineAt(read.kindOffset ?? read.start);
      doc.objects = [
        { ...head, value: read.value, path: [], kindLine, startLine: lineAt(read.start) },
      ];
    } else warnings.push(notAnObject(name, range.line));
    return doc;
  }
  const deep = findExcessiveNesting(chunk, MAX_DEPTH);
  if (deep !== undefined) {
    const line = range.line + deep - 1;
    throw new ManifestError(
      'MANIFEST_TOO_DEEP',
      `${name}:${line}: nesting deeper than ${MAX_DEPTH} levels`,
      { location: { path: name, line } },
    );
  }
  const yaml = parseDocument(chunk, { prettyErrors: true, strict: true, uniqueKeys: true });
  const error = yaml.errors[0];
  if (error) throw parseError(error, name, range.line);
  doc.yaml = yaml;
  const value = toPlain(yaml, name, range.line, lineAt);
  doc.objects = findObjects(yaml, value, lineAt);
  if (doc.objects.length === 0 && value !== null && value !== undefined) {
    warnings.push(notAnObject(name, range.line));
  }
  return doc;
}

/** How documents are read: fully, lean, or scanned first; counts the scanner's fallbacks. */
interface Reader {
  lean: boolean;
  /** The scanner was asked for; `scan`: and it can read this stream. */
  scanning: boolean;
  scan: boolean;
  scanFallbacks: number;
}

/** The lean reading of a document with content the scanner (if on) did not read. */
function readLean(chunk: string, reader: Reader): LeanDocument | undefined {
  if (!reader.lean) return undefined;
  if (reader.scanning) reader.scanFallbacks++;
  return leanParse(chunk);
}

function notAnObject(name: string, line: number): string {
  return `${name}:${line}: document is not a Kubernetes object (no apiVersion/kind); passed through unchanged`;
}

function findSourceComment(chunk: string): string | undefined {
  let at = 0;
  for (let n = 0; n < 40 && at <= chunk.length; n++) {
    const end = lineEnd(chunk, at);
    const line = chunk.slice(at, end).trimEnd();
    at = end + 1;
    const match = SOURCE_COMMENT.exec(line);
    if (match) return match[1];
    if (line !== '' && !line.startsWith('#') && !isSeparatorLine(line)) return undefined;
  }
  return undefined;
}

function hasContent(chunk: string): boolean {
  for (let at = 0; at <= chunk.length;) {
    const end = lineEnd(chunk, at);
    const line = chunk.slice(at, end).trim();
    at = end + 1;
    if (line !== '' && !line.startsWith('#') && !isSeparatorLine(line) && line !== '...')
      return true;
  }
  return false;
}

/** Where the line starting at `at` ends: its `\n`, or the end of the text. */
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}

function parseError(
  error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] },
  name: string,
  chunkLine: number,
): ManifestError {
  const line = chunkLine + (error.linePos?.[0].line ?? 1) - 1;
  // Keep only the reason: yaml appends a snippet of the input, which could be Secret data.
  const reason = (error.message.split('\n')[0] ?? 'invalid YAML').replace(
    / at line \d+, column \d+:?$/,
    '',
  );
  const code = /call stack/i.test(reason) ? 'MANIFEST_TOO_DEEP' : 'MANIFEST_PARSE';
  const message = code === 'MANIFEST_TOO_DEEP' ? `nesting deeper than ${MAX_DEPTH} levels` : reason;
  return new ManifestError(code, `${name}:${line}: ${message}`, { location: { path: name, line } });
}

function toPlain(
  yaml: Document.Parsed,
  name: string,
  line: number,
  lineAt: (offset: number) => number,
): unknown {
  let value: unknown;
  try {
    value = yaml.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    throw toPlainError(yaml, cause, name, line, lineAt);
  }
  if (depthOf(value) > MAX_DEPTH) {
    throw new ManifestError(
      'MANIFEST_TOO_DEEP',
      `${name}:${line}: nesting deeper than ${MAX_DEPTH} levels`,
      { location: { path: name, line } },
    );
  }
  return value;
}

function toPlainError(
  yaml: Document.Parsed,
  cause: unknown,
  name: string,
  line: number,
  lineAt: (offset: number) => number,
): ManifestError {
  const message = cause instanceof Error ? cause.message : '';
  if (/excessive alias count/i.test(message)) {
    const reason = `more than ${MAX_ALIAS_COUNT} alias expansions (alias bomb?)`;
    return new ManifestError('MANIFEST_ALIAS_LIMIT', `${name}:${line}: ${reason}`, {
      location: { path: name, line },
      cause: foreignCause(cause),
    });
  }
  const alias = unresolvedAlias(yaml);
  if (alias) {
    const at = lineAt(alias.offset);
    return new ManifestError('MANIFEST_PARSE', `${name}:${at}: unknown alias *${alias.source}`, {
      location: { path: name, line: at },
      cause: foreignCause(cause),
    });
  }
  return new ManifestError(
    'MANIFEST_TOO_DEEP',
    `${name}:${line}: nesting deeper than ${MAX_DEPTH} levels`,
    { location: { path: name, line }, cause: foreignCause(cause) },
  );
}

function unresolvedAlias(yaml: Document.Parsed): { source: string; offset: number } | undefined {
  let found: { source: string; offset: number } | undefined;
  visit(yaml, {
    Alias(_, node) {
      if (node.resolve(yaml) !== undefined) return undefined;
      found = { source: node.source, offset: node.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** Nesting depth of a plain value, iteratively (no recursion to overflow). */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > max) max = depth;
    if (node !== null && typeof node === 'object' && depth <= MAX_DEPTH) {
      for (const child of Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function findObjects(
  yaml: Document.Parsed,
  value: unknown,
  lineAt: (offset: number) => number,
): StreamObject[] {
  const head = objectHead(value);
  if (!head) return [];
  const root = asRecord(value);
  const items = root?.items;
  if (head.kind.endsWith('List') && Array.isArray(items)) {
    return items.flatMap((item, i) => {
      const itemHead = objectHead(item);
      return itemHead ? [toObject(yaml, itemHead, item, ['items', i], lineAt)] : [];
    });
  }
  return [toObject(yaml, head, value, [], lineAt)];
}

function toObject(
  yaml: Document.Parsed,
  head: ObjectHead,
  value: unknown,
  path: (string | number)[],
  lineAt: (offset: number) => number,
): StreamObject {
  const node = path.length === 0 ? yaml.contents : yaml.getIn(path, true);
  const start = isMap(node) ? (node.range?.[0] ?? 0) : 0;
  let kindOffset = start;
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === 'kind');
    if (pair && isScalar(pair.key)) kindOffset = pair.key.range?.[0] ?? start;
  }
  return {
    ...head,
    value: asRecord(value) ?? {},
    path,
    kindLine: lineAt(kindOffset),
    startLine: lineAt(start),
  };
}

function objectHead(value: unknown): ObjectHead | undefined {
  const record = asRecord(value);
  if (!record || typeof record.kind !== 'string' || typeof record.apiVersion !== 'string')
    return undefined;
  const metadata = asRecord(record.metadata);
  const name = metadata?.name ?? metadata?.generateName;
  const namespace = metadata?.namespace;
  return {
    apiVersion: record.apiVersion,
    kind: record.kind,
    name: typeof name === 'string' ? name : '',
    namespace: typeof namespace === 'string' ? namespace : undefined,
  };
}

/** The value as a string-keyed record, or undefined when it is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

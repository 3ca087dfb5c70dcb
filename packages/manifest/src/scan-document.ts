import { isTrailmarkKey } from '@trailmark/core';
import type { Node, YAMLMap } from 'yaml';
import type { LeanDocument } from './lean-parse.js';
import { LEAN_NODES_WORK, leanMap, leanPair, leanScalar, leanSeq } from './lean-nodes.js';
import { isEdited } from './lean-paths.js';
import { NeedsFullParse, fullParse } from './lean-scalar.js';
import { scanBlockScalar } from './scan-block.js';
import { readScalarAt } from './scan-scalar.js';
import { checkKey, isDashAt, keyEndAt, keyText, lineEndOf, spacesAt } from './scan-text.js';
import { rootWanted, wantedEntry, wantedItem, type Wanted } from './scan-wanted.js';

type Path = readonly (string | number)[] | undefined;

const MAX_DEPTH = 64;
const HASH = 35;
const TAB = 9;

/**
 * Scans the document `text[start, end)` of a stream in place (no document slice, no line array)
 * for what stamp reads and edits, with the lean pass's rules or stricter ones: the nodes stamp
 * edits at the offsets `leanParse` of that document's text gives them — of annotations and labels
 * only the `trailmark.dev/` entries and the last one (where new entries go) — and of the plain
 * value only `apiVersion`, `kind`, the metadata stamp reads and the pod-spec fields stamp reads
 * (scan-wanted.ts). Returns undefined for anything it is not certain of (flow collections with
 * entries where stamp edits or that are not JSON arrays, anchors, tags, keys outside
 * `[A-Za-z_][A-Za-z0-9_./-]*` unless quoted without escapes, folded scalars it must read, tabs,
 * `...`, directives, …): the caller hands that document to the lean pass. The text must not hold
 * `\r` (the caller checks the stream once).
 */
export function scanDocument(text: string, start: number, end: number): LeanDocument | undefined {
  if (!LEAN_NODES_WORK) return undefined;
  try {
    return new DocumentScanner(text, start, end).document();
  } catch (error) {
    if (error instanceof NeedsFullParse) return undefined;
    throw error;
  }
}

class DocumentScanner {
  /** Start and end (its `\n` or the document's end) of the current line. */
  private ls: number;
  private le = 0;
  private depth = 0;
  private kind: string | undefined;
  private kindOffset: number | undefined;
  private readonly seen: string[][] = [];
  // What the last value read left: its node, plain value and end (offset in the document).
  private node: Node | undefined;
  private value: unknown;
  private end = 0;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly limit: number,
  ) {
    this.ls = start;
  }

  document(): LeanDocument {
    const text = this.text;
    this.le = lineEndOf(text, this.ls, this.limit);
    if (text.startsWith('---', this.ls)) {
      if (this.le - this.ls !== 3) fullParse();
      this.ls = this.le + 1;
    }
    if (this.skipTrivia() !== 0) fullParse();
    const start = this.ls - this.start;
    this.map(0, [], rootWanted(), false);
    if (this.skipTrivia() !== -1) fullParse();
    const value = this.value as Record<string, unknown>;
    return { root: this.node as YAMLMap, value, start, kindOffset: this.kindOffset };
  }

  /** Skips blank and comment lines; the next content line's indentation, or -1 at the end. */
  private skipTrivia(): number {
    const text = this.text;
    for (; this.ls < this.limit; this.ls = this.le + 1) {
      this.le = lineEndOf(text, this.ls, this.limit);
      const spaces = spacesAt(text, this.ls, this.le);
      const at = this.ls + spaces;
      if (at === this.le) continue;
      const c = text.charCodeAt(at);
      if (c === HASH) continue;
      if (c === TAB) fullParse();
      if (spaces === 0 && (c === 45 || c === 46 || c === 37)) {
        if (c === 37 || text.startsWith('---', at) || text.startsWith('...', at)) fullParse();
      }
      return spaces;
    }
    return -1;
  }

  private map(indent: number, path: Path, want: Wanted | undefined, inline: boolean): void {
    if (++this.depth > MAX_DEPTH) fullParse();
    const text = this.text;
    const root = this.depth === 1;
    const node = path ? leanMap(0, 0) : undefined;
    const value: Record<string, unknown> | undefined = want ? {} : undefined;
    const seen = (this.seen[this.depth] ??= []);
    seen.length = 0;
    let start = -1;
    let end = 0;
    let skipped: { key: string; start: number; end: number; valueEnd: number } | undefined;
    // Of annotations and labels, stamp edits only `trailmark.dev/` entries (and inserts after the
    // last entry, which is kept as below).
    const entries = path !== undefined && isEntryMap(path);
    for (let first = inline; ; first = false) {
      if (!first) {
        const at = this.skipTrivia();
        if (at < indent) break;
        if (at > indent) fullParse();
        if (isDashAt(text, this.ls + at, this.le)) break;
      }
      const keyAt = this.ls + indent;
      const keyEnd = keyEndAt(text, keyAt, this.le);
      if (keyEnd === -1) fullParse();
      const key = keyText(text, keyAt, keyEnd);
      checkKey(key);
      if (seen.includes(key)) fullParse();
      seen.push(key);
      const keyStart = keyAt - this.start;
      if (start === -1) start = keyStart;
      if (root && key === 'kind') this.kindOffset = keyStart;
      if (root && key === 'items') fullParse(); // a List: its items stay with yaml
      const childPath =
        path && (!entries || isTrailmarkKey(key)) ? edited([...path, key]) : undefined;
      const childWant = wantedEntry(want, key, this.kind, root);
      this.readValue(keyEnd + 1, indent, childPath, childWant, true);
      if (root && key === 'kind' && typeof this.value === 'string') this.kind = this.value;
      end = this.end;
      if (value) value[key] = this.value;
      if (node && childPath) {
        const keyNode = leanScalar(key, keyStart, keyEnd - this.start);
        node.items.push(leanPair(keyNode, this.node ?? stub(this.end)));
        skipped = undefined;
      } else if (node)
        skipped = { key, start: keyStart, end: keyEnd - this.start, valueEnd: this.end };
    }
    if (node && skipped) {
      const keyNode = leanScalar(skipped.key, skipped.start, skipped.end);
      node.items.push(leanPair(keyNode, stub(skipped.valueEnd)));
    }
    if (node) node.range = [start, end, end];
    this.depth--;
    this.set(node, value, end);
  }

  private seq(indent: number, path: Path, want: Wanted | undefined): void {
    if (++this.depth > MAX_DEPTH) fullParse();
    const text = this.text;
    const node = path ? leanSeq(0, 0) : undefined;
    const value: unknown[] | undefined = want ? [] : undefined;
    const itemWant = wantedItem(want);
    let start = -1;
    let end = 0;
    for (let index = 0; ; index++) {
      const at = this.skipTrivia();
      if (at > indent) fullParse();
      if (at < indent || !isDashAt(text, this.ls + at, this.le)) break;
      if (start === -1) start = this.ls + at - this.start;
      const v = this.ls + at + 1 + spacesAt(text, this.ls + at + 1, this.le);
      if (v === this.le || text.charCodeAt(v) === HASH || isDashAt(text, v, this.le)) fullParse();
      const childPath = path ? edited([...path, index]) : undefined;
      if (keyEndAt(text, v, this.le) !== -1) this.map(v - this.ls, childPath, itemWant, true);
      else this.readValue(v, at, childPath, itemWant, false);
      end = this.end;
      value?.push(this.value);
      node?.items.push(this.node ?? stub(this.end));
    }
    if (node) node.range = [start, end, end];
    this.depth--;
    this.set(node, value, end);
  }

  /** The value written from offset `col` of the current line (after `key:` or `- `). */
  private readValue(
    col: number,
    parentIndent: number,
    path: Path,
    want: Wanted | undefined,
    inMap: boolean,
  ): void {
    const text = this.text;
    const lineEnd = Math.min(this.le + 1, this.limit) - this.start;
    const v = col + spacesAt(text, col, this.le);
    if (v < this.le && text.charCodeAt(v) === HASH) fullParse();
    if (v === this.le) {
      this.ls = this.le + 1;
      const at = this.skipTrivia();
      const dash = at >= 0 && isDashAt(text, this.ls + at, this.le);
      if (at > parentIndent && dash) this.seq(at, path, want);
      else if (at > parentIndent) this.map(at, path, want, false);
      else if (at === parentIndent && inMap && dash) this.seq(at, path, want);
      else {
        const offset = col - this.start;
        this.set(path ? leanScalar(null, offset, offset) : undefined, null, lineEnd);
      }
      return;
    }
    const c = text.charCodeAt(v);
    // Edited nodes carry their value too (the editor reads it), as in the lean pass.
    const read = want !== undefined || path !== undefined;
    if (c === 124 || c === 62) {
      const block = scanBlockScalar(text, this.ls, this.le, v, parentIndent, this.limit, read);
      const end = Math.min(block.lastEnd + 1, this.limit) - this.start;
      this.ls = block.lastEnd + 1;
      const node = path ? leanScalar(block.value, v - this.start, end) : undefined;
      this.set(node, block.value, end);
      return;
    }
    const scalar = readScalarAt(text, v, this.le, path !== undefined, read);
    let node: Node | undefined;
    if (path && scalar.flow) {
      const s = v - this.start;
      node = (c === 123 ? leanMap : leanSeq)(s, s + 2, true);
      node.range = [s, s + 2, lineEnd];
    } else if (path)
      node = leanScalar(scalar.value, scalar.start - this.start, scalar.end - this.start);
    this.set(node, scalar.value, lineEnd);
    this.ls = this.le + 1;
    // A deeper line after a one-line value continues it (or is an error): the lean pass decides.
    if (this.skipTrivia() > parentIndent) fullParse();
  }

  private set(node: Node | undefined, value: unknown, end: number): void {
    this.node = node;
    this.value = value;
    this.end = end;
  }
}

function isEntryMap(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  return path[path.length - 2] === 'metadata' && (last === 'annotations' || last === 'labels');
}

function edited(path: (string | number)[]): Path {
  return isEdited(path) ? path : undefined;
}

/** A value stamp never edits: only its extent matters (where the next entry may be inserted). */
function stub(end: number): Node {
  return leanScalar(null, end, end);
}

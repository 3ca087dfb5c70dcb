import type { Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { blockValue, countSpaces, readBlockScalar } from './lean-block.js';
import { LEAN_NODES_WORK, leanMap, leanPair, leanScalar, leanSeq } from './lean-nodes.js';
import { childContext, rootContext, type LeanContext } from './lean-paths.js';
import { NeedsFullParse, fullParse, readFlow, readKey, readLineScalar } from './lean-scalar.js';

/** What the lean pass learns from one block-style document. */
export interface LeanDocument {
  /** The root mapping: nodes stamp edits are real (with ranges), every other value a stub. */
  root: YAMLMap;
  /**
   * The plain value of `apiVersion`, `kind`, `metadata` and, unless `kind` (written before it)
   * says the object has no pod spec, `spec`; other keys are left out.
   */
  value: Record<string, unknown>;
  /** Offsets (in the document) of the root mapping and of its `kind` key. */
  start: number;
  kindOffset: number | undefined;
}

interface Parsed {
  node: Node | undefined;
  value: unknown;
  /** Offset of the start of the line after the value's last content line. */
  end: number;
}

/** Nesting the lean pass follows; deeper documents (never a Helm render) go to the full parser. */
const MAX_LEAN_DEPTH = 64;

/**
 * Reads a block-style YAML document line by line, without building a Document. Returns undefined
 * whenever the document uses anything it does not decide safely (flow collections other than `{}`
 * and `[]`, anchors, aliases, tags, multi-line flow scalars, folded or kept block scalars, `...`,
 * directives, CRLF, tabs in indentation, duplicate keys): the caller parses that document fully.
 */
export function leanParse(chunk: string): LeanDocument | undefined {
  if (!LEAN_NODES_WORK || chunk.includes('\r')) return undefined;
  try {
    return new LeanParser(chunk).document();
  } catch (error) {
    if (error instanceof NeedsFullParse) return undefined;
    throw error;
  }
}

class LeanParser {
  private readonly lines: string[];
  private readonly starts: number[];
  private i = 0;
  private depth = 0;
  private kindOffset: number | undefined;
  private kind: string | undefined;

  constructor(private readonly text: string) {
    this.lines = text.split('\n');
    this.starts = new Array<number>(this.lines.length);
    let at = 0;
    for (let n = 0; n < this.lines.length; n++) {
      this.starts[n] = at;
      at += (this.lines[n] ?? '').length + 1;
    }
  }

  document(): LeanDocument {
    if (this.lines[0]?.startsWith('---')) {
      if (this.lines[0] !== '---') fullParse();
      this.i = 1;
    }
    if (this.skipTrivia() !== 0) fullParse();
    const start = this.offset(0);
    const root = this.map(0, rootContext(), false);
    if (this.skipTrivia() !== -1) fullParse();
    const value = root.value as Record<string, unknown>;
    return { root: root.node as YAMLMap, value, start, kindOffset: this.kindOffset };
  }

  /** Skips blank and comment lines; the next content line's indentation, or -1 at the end. */
  private skipTrivia(): number {
    for (; this.i < this.lines.length; this.i++) {
      const line = this.lines[this.i] ?? '';
      const spaces = countSpaces(line);
      if (spaces === line.length) continue;
      const c = line[spaces];
      if (c === '#') continue;
      if (c === '\t' || (spaces === 0 && /^(?:---|\.\.\.|%)/.test(line))) fullParse();
      return spaces;
    }
    return -1;
  }

  private map(indent: number, ctx: LeanContext, inline: boolean): Parsed {
    if (++this.depth > MAX_LEAN_DEPTH) fullParse();
    const node = ctx.path ? leanMap(0, 0) : undefined;
    const value: Record<string, unknown> | undefined = ctx.plain ? {} : undefined;
    const seen: string[] = [];
    let start = -1;
    let end = 0;
    for (let first = inline; ; first = false) {
      if (!first) {
        const at = this.skipTrivia();
        if (at < indent) break;
        if (at > indent) fullParse();
        if (isDash(this.lines[this.i] ?? '', at)) break;
      }
      const line = this.lines[this.i] ?? '';
      const key = readKey(line, indent);
      if (!key || seen.includes(key.value)) fullParse();
      seen.push(key.value);
      const base = this.starts[this.i] ?? 0;
      const keyStart = base + indent;
      if (start === -1) start = keyStart;
      if (ctx.root && key.value === 'kind') this.kindOffset = keyStart;
      if (ctx.root && key.value === 'items') fullParse(); // a List: its items stay with yaml
      const child = childContext(ctx, key.value, this.kind);
      const parsed = this.value(line, key.after, indent, child, true);
      if (ctx.root && key.value === 'kind' && typeof parsed.value === 'string')
        this.kind = parsed.value;
      end = parsed.end;
      if (value) value[key.value] = parsed.value;
      if (node) {
        const keyNode = scalar(key.value, keyStart, base + key.end);
        node.items.push(leanPair(keyNode, parsed.node ?? stub(parsed.end)));
      }
    }
    if (node) node.range = [start, end, end];
    this.depth--;
    return { node, value, end };
  }

  private seq(indent: number, ctx: LeanContext): Parsed {
    if (++this.depth > MAX_LEAN_DEPTH) fullParse();
    const node = ctx.path ? leanSeq(0, 0) : undefined;
    const value: unknown[] | undefined = ctx.plain ? [] : undefined;
    let start = -1;
    let end = 0;
    for (let index = 0; ; index++) {
      const at = this.skipTrivia();
      const line = this.lines[this.i] ?? '';
      if (at > indent) fullParse();
      if (at < indent || !isDash(line, at)) break;
      if (start === -1) start = this.offset(at);
      let v = at + 1;
      while (line[v] === ' ') v++;
      if (v === line.length || line[v] === '#' || isDash(line, v)) fullParse();
      const child = childContext(ctx, index, undefined);
      const key = line[v] === '|' || line[v] === '>' ? undefined : readKey(line, v);
      const item = key ? this.map(v, child, true) : this.value(line, v, at, child, false);
      end = item.end;
      value?.push(item.value);
      node?.items.push(item.node ?? stub(item.end));
    }
    if (node) node.range = [start, end, end];
    this.depth--;
    return { node, value, end };
  }

  /** The value written from column `col` of the current line (after `key:` or `- `). */
  private value(
    line: string,
    col: number,
    parentIndent: number,
    ctx: LeanContext,
    inMap: boolean,
  ): Parsed {
    const lineIndex = this.i;
    const base = this.starts[lineIndex] ?? 0;
    const lineEnd = this.endOf(lineIndex);
    let v = col;
    while (line[v] === ' ') v++;
    if (line[v] === '#') fullParse();
    if (v === line.length) {
      this.i++;
      const at = this.skipTrivia();
      const next = this.lines[this.i] ?? '';
      if (at > parentIndent) return isDash(next, at) ? this.seq(at, ctx) : this.map(at, ctx, false);
      if (at === parentIndent && inMap && isDash(next, at)) return this.seq(at, ctx);
      const node = ctx.path ? scalar(null, base + col, base + col) : undefined;
      return { node, value: null, end: lineEnd };
    }
    let parsed: Parsed;
    if (line[v] === '|' || line[v] === '>') {
      const block = readBlockScalar(this.lines, lineIndex, v, parentIndent);
      const value = ctx.plain ? blockValue(this.lines, lineIndex, block) : undefined;
      const end = this.endOf(block.last);
      this.i = block.next;
      const node = ctx.path ? scalar(value, base + v, end) : undefined;
      return { node, value, end };
    } else if (line[v] === '{' || line[v] === '[') {
      const read = readFlow(line, v);
      let node: YAMLMap | YAMLSeq | undefined;
      if (ctx.path) {
        // Stamp edits only empty flow collections (`annotations: {}`); others go to yaml.
        if (read.end !== v + 2) fullParse();
        node = (line[v] === '{' ? leanMap : leanSeq)(base + v, base + v + 2, true);
        node.range = [base + v, base + v + 2, lineEnd];
      }
      parsed = { node, value: read.value, end: lineEnd };
    } else {
      const read = readLineScalar(line, v);
      const node = ctx.path ? scalar(read.value, base + read.start, base + read.end) : undefined;
      parsed = { node, value: read.value, end: lineEnd };
    }
    this.i++;
    // A deeper line after a one-line value continues it (or is an error): yaml decides.
    if (this.skipTrivia() > parentIndent) fullParse();
    return parsed;
  }

  private offset(col: number): number {
    return (this.starts[this.i] ?? 0) + col;
  }

  /** Start of the line after line `n` (the text's end for the last line). */
  private endOf(n: number): number {
    return Math.min((this.starts[n] ?? 0) + (this.lines[n] ?? '').length + 1, this.text.length);
  }
}

function isDash(line: string, at: number): boolean {
  return line[at] === '-' && (at + 1 === line.length || line[at + 1] === ' ');
}

function scalar(value: unknown, start: number, end: number): Scalar {
  return leanScalar(value, start, end);
}

/** A value stamp never edits: only its extent matters (where the next entry may be inserted). */
function stub(end: number): Scalar {
  return leanScalar(null, end, end);
}

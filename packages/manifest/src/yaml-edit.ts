import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';

/** A text edit: replace `[start, end)` with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /** Among inserts at one offset, deeper (more indented) text goes first: it closes an inner map. */
  depth?: number;
}

/** Thrown internally when a node is in flow style and cannot be edited line-wise. */
export class FlowStyleError extends Error {}

/**
 * Line-wise edits on a YAML text that keep every byte outside the edited entries: comments, key
 * order, quoting and separators survive untouched.
 */
export class YamlEditor {
  readonly edits: TextEdit[] = [];

  constructor(
    private readonly text: string,
    private readonly newline: string,
  ) {}

  /**
   * Sets `entries` in the block map at `path` below `node` (creating missing maps), replacing the
   * values of existing keys, and removes keys for which `remove(key)` is true but that are not set.
   */
  setEntries(node: Node, path: readonly string[], entries: ReadonlyMap<string, string>, remove: (key: string) => boolean): void {
    if (!isMap(node)) throw new FlowStyleError('not a mapping');
    const [head, ...rest] = path;
    if (head === undefined) {
      this.setInMap(node, entries, remove);
      return;
    }
    const pair = findPair(node, head);
    if (!pair) {
      if (entries.size === 0) return;
      if (node.flow) this.insertInFlow(node, `${head}: ${renderFlowValue(rest, entries)}`);
      else this.insertAfterLast(node, renderNested([...path], entries, this.childIndent(node), this.newline));
      return;
    }
    const value = pair.value as Node | null;
    if (isMap(value) && (value.items.length > 0 || !value.flow)) {
      this.setEntries(value, rest, entries, remove);
    } else if (value === null || isEmpty(value)) {
      if (entries.size === 0) return;
      if (node.flow) this.replaceFlowValue(pair, rest, entries);
      else this.replaceValue(pair, rest, entries);
    } else {
      throw new FlowStyleError(`${head} is not a mapping`);
    }
  }

  /** Replaces a scalar's text (e.g. a container image) with a double-quoted value. */
  replaceScalar(node: Node, value: string): void {
    if (!isScalar(node) || !node.range) throw new FlowStyleError('not a scalar');
    this.edits.push({ start: node.range[0], end: node.range[1], text: JSON.stringify(value) });
  }

  private setInMap(map: YAMLMap, entries: ReadonlyMap<string, string>, remove: (key: string) => boolean): void {
    const missing: [string, string][] = [];
    for (const [key, value] of entries) {
      const pair = findPair(map, key);
      const node = pair?.value as Node | null | undefined;
      if (pair && isScalar(node) && node.range) {
        const end = node.range[1];
        const keepNewline = this.text[end - 1] === '\n' ? this.newline : '';
        this.edits.push({ start: node.range[0], end, text: JSON.stringify(value) + keepNewline });
      } else if (pair) {
        throw new FlowStyleError(`${key} has a non-scalar value`);
      } else missing.push([key, value]);
    }
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (remove(key) && !entries.has(key)) {
        if (map.flow) throw new FlowStyleError(`cannot remove ${key} from a flow mapping line-wise`);
        this.deleteLines(pair);
      }
    }
    if (missing.length > 0 && map.flow) {
      this.insertInFlow(map, missing.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', '));
    } else if (missing.length > 0) {
      const indent = this.childIndentOfItems(map);
      this.insertAfterLast(map, missing.map(([key, value]) => `${indent}${key}: ${JSON.stringify(value)}${this.newline}`).join(''));
    }
  }

  private replaceValue(pair: Pair, rest: readonly string[], entries: ReadonlyMap<string, string>): void {
    const key = pair.key as Node;
    const keyEnd = key.range?.[1] ?? 0;
    const colon = this.text.indexOf(':', keyEnd);
    const lineEnd = this.lineEnd(colon);
    const indent = ' '.repeat(this.column(key.range?.[0] ?? 0) + 2);
    const body = renderNested([...rest], entries, indent, this.newline);
    this.edits.push({ start: colon + 1, end: lineEnd, text: this.newline + body.slice(0, -this.newline.length) });
  }

  /** Adds `text` (already `key: value` pairs) before the closing brace of a flow mapping. */
  private insertInFlow(map: YAMLMap, text: string): void {
    const end = map.range?.[1] ?? 0;
    const close = this.text.lastIndexOf('}', end);
    if (close === -1) throw new FlowStyleError('flow mapping without a closing brace');
    this.edits.push({ start: close, end: close, text: map.items.length > 0 ? `, ${text}` : text });
  }

  private replaceFlowValue(pair: Pair, rest: readonly string[], entries: ReadonlyMap<string, string>): void {
    const value = pair.value as Node | null;
    if (!value?.range) throw new FlowStyleError('empty value in a flow mapping');
    this.edits.push({ start: value.range[0], end: value.range[1], text: renderFlowValue(rest, entries) });
  }

  private insertAfterLast(map: YAMLMap, text: string): void {
    const last = map.items[map.items.length - 1];
    const end = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | null)?.range?.[1] ?? map.range?.[1] ?? 0;
    const at = this.lineStartAfter(end);
    const prefix = at === this.text.length && !this.text.endsWith('\n') ? this.newline : '';
    this.edits.push({ start: at, end: at, text: prefix + text, depth: text.length - text.trimStart().length });
  }

  private deleteLines(pair: Pair): void {
    const start = (pair.key as Node).range?.[0] ?? 0;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const end = this.lineStartAfter((pair.value as Node | null)?.range?.[1] ?? start);
    this.edits.push({ start: lineStart, end, text: '' });
  }

  private childIndentOfItems(map: YAMLMap): string {
    const first = map.items[0]?.key as Node | undefined;
    return ' '.repeat(this.column(first?.range?.[0] ?? map.range?.[0] ?? 0));
  }

  private childIndent(map: YAMLMap): string {
    return this.childIndentOfItems(map);
  }

  private column(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  private lineEnd(offset: number): number {
    const at = this.text.indexOf('\n', offset);
    if (at === -1) return this.text.length;
    return this.text[at - 1] === '\r' ? at - 1 : at;
  }

  private lineStartAfter(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const at = this.text.indexOf('\n', offset);
    return at === -1 ? this.text.length : at + 1;
  }
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair: Pair) => isScalar(pair.key) && pair.key.value === key);
}

function isEmpty(node: Node): boolean {
  if (isScalar(node)) return node.value === null;
  if ((isMap(node) || isSeq(node)) && node.flow) return node.items.length === 0;
  return false;
}

function renderNested(path: string[], entries: ReadonlyMap<string, string>, indent: string, newline: string): string {
  const [head, ...rest] = path;
  if (head === undefined) {
    return [...entries].map(([key, value]) => `${indent}${key}: ${JSON.stringify(value)}${newline}`).join('');
  }
  return `${indent}${head}:${newline}${renderNested(rest, entries, `${indent}  `, newline)}`;
}

/** `{k: "v"}`, nested under `path` as `{a: {b: {k: "v"}}}`. */
function renderFlowValue(path: readonly string[], entries: ReadonlyMap<string, string>): string {
  const [head, ...rest] = path;
  if (head === undefined) return `{${[...entries].map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')}}`;
  return `{${head}: ${renderFlowValue(rest, entries)}}`;
}

/** Applies edits (non-overlapping) to text; inserts at the same offset keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, i) => ({ edit, i }))
    .sort((a, b) => a.edit.start - b.edit.start || (b.edit.depth ?? 0) - (a.edit.depth ?? 0) || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { edit } of ordered) {
    out += text.slice(at, edit.start) + edit.text;
    at = Math.max(at, edit.end);
  }
  return out + text.slice(at);
}

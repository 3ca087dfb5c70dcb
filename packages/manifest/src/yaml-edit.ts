import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';

/** A text edit: replace `[start, end)` with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /** Among inserts at one offset, deeper (more indented) text goes first: it closes an inner map. */
  depth?: number;
}

/** Thrown when a node cannot be edited line-wise (the caller re-serialises the document). */
export class FlowStyleError extends Error {}

/** Thrown when the input has the wrong shape, e.g. `annotations: ""`: a user error, not ours. */
export class ShapeError extends Error {}

/** Nested entries to set: a string is a scalar value, a map a nested mapping. */
export type EntryTree = ReadonlyMap<string, string | EntryTree>;

/** Decides which existing keys of a map at `path` to delete when the tree does not set them. */
export type RemovePredicate = (key: string, path: readonly string[]) => boolean;

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

  /** Sets `entries` in the map at `path` below `node`; a shorthand for {@link setTree}. */
  setEntries(
    node: Node,
    path: readonly string[],
    entries: ReadonlyMap<string, string>,
    remove: (key: string) => boolean,
  ): void {
    let tree: EntryTree = entries;
    for (const key of [...path].reverse()) tree = new Map([[key, tree]]);
    this.setTree(node, tree, (key, at) => at.length === path.length && remove(key));
  }

  /**
   * Sets a tree of entries in the mapping `node`, creating missing maps (all missing keys of one map
   * in one insertion), replacing existing scalar values, and deleting keys `remove` selects.
   */
  setTree(
    node: Node,
    tree: EntryTree,
    remove: RemovePredicate,
    path: readonly string[] = [],
  ): void {
    if (!isMap(node)) throw new ShapeError(`${path.join('.') || 'the object'} is not a mapping`);
    const missing = new Map<string, string | EntryTree>();
    for (const [key, value] of tree) {
      const pair = findPair(node, key);
      if (!pair) {
        if (!isEmptyTree(value)) missing.set(key, value);
      } else if (typeof value === 'string') this.replaceScalar(pair, value);
      else this.setNested(pair, value, remove, [...path, key]);
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!tree.has(key) && remove(key, path)) this.deletePair(node, pair);
    }
    if (missing.size > 0) this.insertMissing(node, missing);
  }

  /** Replaces a container's image scalar with a double-quoted value. */
  replaceImage(node: Node, value: string): void {
    if (!isScalar(node) || !node.range) throw new FlowStyleError('image is not a scalar');
    this.edits.push({ start: node.range[0], end: node.range[1], text: JSON.stringify(value) });
  }

  private setNested(
    pair: Pair,
    tree: EntryTree,
    remove: RemovePredicate,
    path: readonly string[],
  ): void {
    const value = pair.value as Node | null;
    if (isMap(value) && (value.items.length > 0 || !value.flow)) {
      this.setTree(value, tree, remove, path);
    } else if (value === null || isEmpty(value)) {
      if (tree.size > 0) this.replaceWithTree(pair, tree);
    } else {
      throw new ShapeError(`${path.join('.')} is not a mapping`);
    }
  }

  private replaceScalar(pair: Pair, value: string): void {
    const node = pair.value as Node | null;
    if (node !== null && !isScalar(node)) throw new ShapeError(`${keyOf(pair)} is not a scalar`);
    if (node?.range && node.range[1] > node.range[0] && node.value !== null) {
      const end = node.range[1];
      const keepNewline = this.text[end - 1] === '\n' ? this.newline : '';
      this.edits.push({ start: node.range[0], end, text: JSON.stringify(value) + keepNewline });
      return;
    }
    // `key:` with an empty value: write ` "value"` right after the colon.
    const colon = this.colonAfter(pair);
    const end = node?.range && node.range[1] > colon ? this.lineEnd(colon) : colon + 1;
    this.edits.push({ start: colon + 1, end, text: ` ${JSON.stringify(value)}` });
  }

  private replaceWithTree(pair: Pair, tree: EntryTree): void {
    const colon = this.colonAfter(pair);
    const value = pair.value as Node | null;
    if (this.isInFlow(colon)) {
      if (!value?.range) throw new FlowStyleError('empty value in a flow mapping');
      this.edits.push({ start: value.range[0], end: value.range[1], text: renderFlow(tree) });
      return;
    }
    const indent = ' '.repeat(this.column((pair.key as Node).range?.[0] ?? 0) + 2);
    const body = renderBlock(tree, indent, this.newline);
    this.edits.push({
      start: colon + 1,
      end: this.lineEnd(colon),
      text: this.newline + body.slice(0, -this.newline.length),
    });
  }

  private insertMissing(map: YAMLMap, missing: EntryTree): void {
    const last = map.items[map.items.length - 1];
    if (map.flow) {
      // After the last entry (not before `}`, which may sit alone on a line at column 0).
      const end = lastEnd(last) ?? this.openBrace(map) + 1;
      const text = renderFlow(missing).slice(1, -1);
      this.edits.push({ start: end, end, text: last ? `, ${text}` : text });
      return;
    }
    const indent = ' '.repeat(
      this.column((last?.key as Node | undefined)?.range?.[0] ?? map.range?.[0] ?? 0),
    );
    const at = this.lineStartAfter(lastEnd(last) ?? map.range?.[1] ?? 0);
    const prefix = at === this.text.length && !this.text.endsWith('\n') ? this.newline : '';
    const text = prefix + renderBlock(missing, indent, this.newline);
    this.edits.push({ start: at, end: at, text, depth: indent.length });
  }

  private deletePair(map: YAMLMap, pair: Pair): void {
    if (map.flow)
      throw new FlowStyleError(`cannot remove ${keyOf(pair)} from a flow mapping line-wise`);
    const start = (pair.key as Node).range?.[0] ?? 0;
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const end = this.lineStartAfter(lastEnd(pair) ?? start);
    this.edits.push({ start: lineStart, end, text: '' });
  }

  private colonAfter(pair: Pair): number {
    return this.text.indexOf(':', (pair.key as Node).range?.[1] ?? 0);
  }

  private openBrace(map: YAMLMap): number {
    return this.text.indexOf('{', map.range?.[0] ?? 0);
  }

  private isInFlow(offset: number): boolean {
    let depth = 0;
    for (let i = offset; i < this.text.length && this.text[i] !== '\n'; i++) {
      const c = this.text[i];
      if (c === '}' || c === ']') depth--;
      if (c === '{' || c === '[') depth++;
      if (depth < 0) return true;
    }
    return false;
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

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : '?';
}

function lastEnd(pair: Pair | undefined): number | undefined {
  if (!pair) return undefined;
  return (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node | null)?.range?.[1];
}

function isEmpty(node: Node): boolean {
  if (isScalar(node)) return node.value === null;
  if ((isMap(node) || isSeq(node)) && node.flow) return node.items.length === 0;
  return false;
}

function isEmptyTree(value: string | EntryTree): boolean {
  return typeof value !== 'string' && [...value.values()].every(isEmptyTree);
}

function renderBlock(tree: EntryTree, indent: string, newline: string): string {
  return [...tree]
    .filter(([, value]) => !isEmptyTree(value))
    .map(([key, value]) =>
      typeof value === 'string'
        ? `${indent}${key}: ${JSON.stringify(value)}${newline}`
        : `${indent}${key}:${newline}${renderBlock(value, `${indent}  `, newline)}`,
    )
    .join('');
}

/** `{k: "v", m: {…}}`. */
function renderFlow(tree: EntryTree): string {
  const items = [...tree]
    .filter(([, value]) => !isEmptyTree(value))
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'string' ? JSON.stringify(value) : renderFlow(value)}`,
    );
  return `{${items.join(', ')}}`;
}

/** Applies edits (non-overlapping) to text; inserts at the same offset keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits
    .map((edit, i) => ({ edit, i }))
    .sort(
      (a, b) =>
        a.edit.start - b.edit.start || (b.edit.depth ?? 0) - (a.edit.depth ?? 0) || a.i - b.i,
    );
  let out = '';
  let at = 0;
  for (const { edit } of ordered) {
    out += text.slice(at, edit.start) + edit.text;
    at = Math.max(at, edit.end);
  }
  return out + text.slice(at);
}

import { tryParseImageRef, type SourceLocation } from '@trailmark/core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** One scalar of a values file: its key path, value and line. */
export interface ValuesLeaf {
  keys: string[];
  value: string;
  line: number;
}

/** A parsed values file, flattened to its scalars. */
export interface ValuesFile {
  path: string;
  leaves: ValuesLeaf[];
}

/** Parses a values file into leaves; a file that does not parse yields none (values are optional). */
export function parseValuesFile(text: string, path: string): ValuesFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return { path, leaves: [] };
  const leaves: ValuesLeaf[] = [];
  walk(doc.contents, [], leaves, lines);
  leaves.sort((a, b) => a.line - b.line);
  return { path, leaves };
}

function walk(node: Node | null, keys: string[], leaves: ValuesLeaf[], lines: LineCounter): void {
  const stack: [Node | null, string[]][] = [[node, keys]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [current, path] = item;
    if (isMap(current)) {
      for (const pair of current.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        stack.push([pair.value as Node | null, [...path, key]]);
      }
    } else if (isSeq(current)) {
      current.items.forEach((child, i) => stack.push([child as Node | null, [...path, String(i)]]));
    } else if (isScalar(current) && isPrimitive(current.value)) {
      leaves.push({
        keys: path,
        value: String(current.value),
        line: lines.linePos(current.range?.[0] ?? 0).line,
      });
    }
  }
}

function isPrimitive(value: unknown): value is string | number | boolean | bigint {
  return ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

/** A values file together with the key path under which the chart in question reads its values. */
export interface ScopedValues {
  file: ValuesFile;
  /** e.g. `['redis']` when the root chart's values configure the `redis` subchart. */
  scope: string[];
}

/**
 * Finds the values line that set an image: the whole reference as one value, or the tag (or
 * repository) of an image map. Files are searched in precedence order (first wins).
 */
export function findImageSetting(
  image: string,
  candidates: readonly ScopedValues[],
): SourceLocation | undefined {
  const parsed = tryParseImageRef(image);
  const tag = parsed?.tag;
  const repo = image
    .replace(/@.*$/, '')
    .slice(0, tag === undefined ? undefined : -(tag.length + 1));
  for (const { file, scope } of candidates) {
    const leaves = file.leaves.filter((leaf) => startsWith(leaf.keys, scope));
    const whole = leaves.find((leaf) => leaf.value === image);
    if (whole) return { path: file.path, line: whole.line };
    const tagLeaf =
      tag === undefined
        ? undefined
        : leaves.find((leaf) => isImageKey(leaf, ['tag', 'version']) && leaf.value === tag);
    if (tagLeaf) return { path: file.path, line: tagLeaf.line };
    const repoLeaf = leaves.find(
      (leaf) =>
        isImageKey(leaf, ['repository', 'repo', 'image', 'name']) &&
        (leaf.value === repo || repo.endsWith(`/${leaf.value}`)),
    );
    if (repoLeaf) return { path: file.path, line: repoLeaf.line };
  }
  return undefined;
}

/** Finds the values line whose scalar equals `value` under one of `keyNames` (e.g. a Secret name). */
export function findValueSetting(
  value: string,
  keyNames: readonly string[],
  candidates: readonly ScopedValues[],
): SourceLocation | undefined {
  for (const { file, scope } of candidates) {
    const leaf = file.leaves.find(
      (candidate) =>
        candidate.value === value &&
        startsWith(candidate.keys, scope) &&
        keyNames.includes(candidate.keys[candidate.keys.length - 1] ?? ''),
    );
    if (leaf) return { path: file.path, line: leaf.line };
  }
  return undefined;
}

function isImageKey(leaf: ValuesLeaf, names: readonly string[]): boolean {
  const last = leaf.keys[leaf.keys.length - 1] ?? '';
  if (!names.includes(last)) return false;
  // Only inside something named like an image: `tag: 1.0` elsewhere is not an image setting.
  return leaf.keys.slice(0, -1).some((key) => /image/i.test(key)) || last === 'image';
}

function startsWith(keys: readonly string[], scope: readonly string[]): boolean {
  return scope.every((key, i) => keys[i] === key);
}

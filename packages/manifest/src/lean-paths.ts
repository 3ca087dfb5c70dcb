import { podTemplatePath } from '@trailmark/core';

/**
 * Which parts of a document the lean pass materialises. Stamp edits `metadata` (annotations and
 * labels) of the object and of its pod template, and the containers' images; it reads `apiVersion`,
 * `kind`, `metadata` and the pod spec under `spec`. Everything else is only checked and skipped.
 */
export interface LeanContext {
  /** The path from the root, when this node is materialised as a yaml node (else undefined). */
  path: readonly (string | number)[] | undefined;
  /** Whether the plain value of this node is built. */
  plain: boolean;
  root: boolean;
}

const ROOT_PLAIN = new Set(['apiVersion', 'kind', 'metadata', 'spec']);
const TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
];
const CONTAINER_LISTS = new Set(['initContainers', 'containers', 'ephemeralContainers']);

/** The context of a document's root mapping. */
export function rootContext(): LeanContext {
  return { path: [], plain: true, root: true };
}

/**
 * The context of the value under `key` (a mapping key or a sequence index) of `parent`; `kind` is
 * the object's kind when already read (a `spec` without a pod spec is then only checked).
 */
export function childContext(
  parent: LeanContext,
  key: string | number,
  kind: string | undefined,
): LeanContext {
  const plain = parent.root ? rootPlain(key, kind) : parent.plain;
  if (!parent.path) return plain ? { path: undefined, plain, root: false } : SKIPPED;
  const path = [...parent.path, key];
  return { path: isEdited(path) ? path : undefined, plain, root: false };
}

function rootPlain(key: string | number, kind: string | undefined): boolean {
  if (key === 'spec')
    return kind === undefined || kind === 'Pod' || podTemplatePath(kind) !== undefined;
  return typeof key === 'string' && ROOT_PLAIN.has(key);
}

const SKIPPED: LeanContext = { path: undefined, plain: false, root: false };

/** True when stamp edits (or edits below) the node at `path` from the document's root. */
export function isEdited(path: readonly (string | number)[]): boolean {
  if (path[0] === 'metadata') return isEditedMetadata(path, 0);
  return TEMPLATE_PATHS.some((prefix) => isEditedBelow(path, prefix));
}

function isEditedBelow(path: readonly (string | number)[], prefix: readonly string[]): boolean {
  const shared = Math.min(path.length, prefix.length);
  for (let i = 0; i < shared; i++) if (path[i] !== prefix[i]) return false;
  if (path.length <= prefix.length) return true;
  const rest = path.slice(prefix.length);
  if (rest[0] === 'metadata') return isEditedMetadata(path, prefix.length);
  if (rest[0] !== 'spec') return false;
  if (rest.length === 1) return true;
  if (!CONTAINER_LISTS.has(String(rest[1]))) return false;
  return rest.length <= 3 || (rest.length === 4 && rest[3] === 'image');
}

/** Below `metadata` (at `at` in `path`), stamp edits only the entries of `annotations` and `labels`. */
function isEditedMetadata(path: readonly (string | number)[], at: number): boolean {
  const depth = path.length - at;
  if (depth === 1) return true;
  const map = path[at + 1];
  return depth <= 3 && (map === 'annotations' || map === 'labels');
}

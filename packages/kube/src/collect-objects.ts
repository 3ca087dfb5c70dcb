import { SNAPSHOT_KINDS, objectKey, type KubeObject } from '@trailmark/core';
import { parseError } from './parse-text.js';
import { withoutSecretData } from './secret-data.js';

const KEPT_KINDS: ReadonlySet<string> = new Set(SNAPSHOT_KINDS);

/** Objects gathered from one file: the kept ones, and what was left out. */
export interface CollectedObjects {
  objects: KubeObject[];
  notes: string[];
}

/** Where an object sits in its file, for messages: `file:line` and the path inside the document. */
export interface ObjectPlace {
  file: string;
  line: number;
  path: string;
}

/**
 * Checks each candidate is a Kubernetes object (`apiVersion`, `kind`, `metadata.name` strings),
 * keeps those of {@link SNAPSHOT_KINDS} with Secret values dropped, and counts the rest (and
 * repeated objects, first one kept) in notes rather than failing: a `kubectl get all -o json` dump
 * is a fine input.
 */
export function collectObjects(
  candidates: readonly { value: unknown; place: ObjectPlace }[],
): CollectedObjects {
  const objects: KubeObject[] = [];
  const skipped = new Map<string, number>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { value, place } of candidates) {
    const object = asKubeObject(value, place);
    if (!KEPT_KINDS.has(object.kind)) {
      skipped.set(object.kind, (skipped.get(object.kind) ?? 0) + 1);
      continue;
    }
    const key = objectKey({
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
    });
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    objects.push(withoutSecretData(object));
  }
  return { objects, notes: notesOf(skipped, duplicates) };
}

/** `value` as a {@link KubeObject}, or `KUBE_PARSE` naming where it is and what is missing. */
export function asKubeObject(value: unknown, place: ObjectPlace): KubeObject {
  const where = place.path === '' ? '' : ` (${place.path})`;
  if (!isRecord(value)) throw parseError(place.file, place.line, `not a Kubernetes object${where}`);
  const { apiVersion, kind, metadata } = value;
  const missing = [
    typeof apiVersion === 'string' && apiVersion !== '' ? undefined : 'apiVersion',
    typeof kind === 'string' && kind !== '' ? undefined : 'kind',
    isRecord(metadata) && typeof metadata.name === 'string' && metadata.name !== ''
      ? undefined
      : 'metadata.name',
  ].filter((name) => name !== undefined);
  if (missing.length > 0)
    throw parseError(
      place.file,
      place.line,
      `not a Kubernetes object${where}: no ${missing.join(', ')}`,
    );
  return value as unknown as KubeObject;
}

function notesOf(skipped: ReadonlyMap<string, number>, duplicates: number): string[] {
  const notes: string[] = [];
  if (skipped.size > 0) {
    const total = [...skipped.values()].reduce((sum, count) => sum + count, 0);
    const kinds = [...skipped.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([kind, count]) => `${kind} ×${count}`)
      .join(', ');
    notes.push(
      `skipped ${total} object${total === 1 ? '' : 's'} of kinds verify does not read: ${kinds}`,
    );
  }
  if (duplicates > 0)
    notes.push(
      `dropped ${duplicates} repeated object${duplicates === 1 ? '' : 's'} (the first of each kept)`,
    );
  return notes;
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

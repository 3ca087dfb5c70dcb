import {
  CLUSTER_SNAPSHOT_SCHEMA,
  formatSchemaIssues,
  type ClusterSnapshot,
  type SchemaValidator,
} from '@trailmark/core';
import { collectObjects, isRecord, type ObjectPlace } from './collect-objects.js';
import { managedFieldsNote } from './managed-fields-note.js';
import { sortObjects } from './object-order.js';
import { parseDocuments, parseError, type ParsedDocument } from './parse-text.js';

/** Options of {@link parseClusterFile}. */
export interface ParseClusterFileOptions {
  /**
   * Validates a trailmark snapshot document against `schemas/cluster-snapshot.v1.schema.json`
   * (the facade passes its compiled validator; this package reads no files).
   */
  validateSnapshot?: SchemaValidator;
}

interface Candidate {
  value: unknown;
  place: ObjectPlace;
}

/**
 * Parses a cluster file into a {@link ClusterSnapshot} (pure: the text comes in as a value).
 * Accepts a `trailmark snapshot` file (schema `https://trailmark.dev/cluster-snapshot/v1`),
 * `kubectl get … -o json` output (a `List`, or a typed list such as `PodList`, whose items may lack
 * `kind`/`apiVersion` as the API server sends them), a single object, and the same as YAML
 * (`-o yaml`, or a `---` stream of objects). Only {@link SNAPSHOT_KINDS} objects are kept — others
 * are counted in `notes`, not refused — and Secrets lose `data`/`stringData` here, before anything
 * else sees them. Objects come out sorted by kind, namespace and name. kubectl output whose workloads
 * or pods lack `metadata.managedFields` gets a note saying manual changes cannot be seen.
 *
 * Bad input is `KUBE_PARSE` naming `file:line` (exit 2).
 */
export function parseClusterFile(
  text: string,
  file: string,
  options: ParseClusterFileOptions = {},
): ClusterSnapshot {
  const documents = parseDocuments(text, file);
  const snapshot = documents.find(
    (document) => isRecord(document.value) && document.value.schema !== undefined,
  );
  if (snapshot !== undefined) return parseSnapshotDocument(snapshot, documents, file, options);
  const collected = collectObjects(documents.flatMap((document) => candidatesOf(document, file)));
  const managed = managedFieldsNote(collected.objects);
  const notes = managed === undefined ? collected.notes : [...collected.notes, managed];
  return {
    schema: CLUSTER_SNAPSHOT_SCHEMA,
    source: { kind: 'kubectl-list', file },
    objects: sortObjects(collected.objects),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

function parseSnapshotDocument(
  document: ParsedDocument,
  all: readonly ParsedDocument[],
  file: string,
  options: ParseClusterFileOptions,
): ClusterSnapshot {
  const value = document.value as Record<string, unknown>;
  if (value.schema !== CLUSTER_SNAPSHOT_SCHEMA)
    throw parseError(
      file,
      document.line,
      `unknown schema ${JSON.stringify(value.schema)} (expected ${CLUSTER_SNAPSHOT_SCHEMA})`,
    );
  if (all.length > 1)
    throw parseError(file, document.line, 'a snapshot file holds one document, found more');
  const issues = options.validateSnapshot?.(value) ?? [];
  if (issues.length > 0)
    throw parseError(
      file,
      document.line,
      `not a valid cluster snapshot: ${formatSchemaIssues(issues)}`,
    );
  const objects = Array.isArray(value.objects) ? (value.objects as unknown[]) : undefined;
  if (objects === undefined)
    throw parseError(file, document.line, 'a snapshot needs an objects array');
  const collected = collectObjects(
    objects.map((object, index) => ({
      value: object,
      place: { file, line: document.line, path: `/objects/${index}` },
    })),
  );
  const source = isRecord(value.source) ? value.source : {};
  return {
    schema: CLUSTER_SNAPSHOT_SCHEMA,
    ...(typeof value.capturedAt === 'string' ? { capturedAt: value.capturedAt } : {}),
    source: {
      kind: 'snapshot',
      file,
      ...(typeof source.context === 'string' ? { context: source.context } : {}),
      ...(typeof source.server === 'string' ? { server: source.server } : {}),
    },
    objects: sortObjects(collected.objects),
    ...(collected.notes.length > 0 ? { notes: collected.notes } : {}),
  };
}

/** The objects a document holds: a list's items (kind and apiVersion filled in), or itself. */
function candidatesOf(document: ParsedDocument, file: string): Candidate[] {
  const { value, line } = document;
  const place = (path: string): ObjectPlace => ({ file, line, path });
  if (!isRecord(value)) return [{ value, place: place('') }];
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (!Array.isArray(value.items) || !kind.endsWith('List')) return [{ value, place: place('') }];
  // A typed list (`PodList`) as the API server sends it: items carry no kind or apiVersion.
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  return (value.items as unknown[]).map((item, index) => ({
    value:
      isRecord(item) && itemKind !== undefined ? { apiVersion, kind: itemKind, ...item } : item,
    place: place(`items[${index}]`),
  }));
}

import {
  ANNOTATION,
  ANNOTATIONS_SIZE_LIMIT,
  MINIMAL_ANNOTATIONS,
  POD_TEMPLATE_ANNOTATIONS,
  annotationsDigest,
  originId,
  podSpecOf,
  toCanonicalJson,
  type AnnotationKey,
  type OriginObject,
} from '@trailmark/core';
import { ManifestError } from './error.js';
import { lineKey, type StampFacts } from './facts.js';
import type { ObjectLocation } from './locate.js';
import { findReferences } from './references.js';
import { asRecord, type StreamObject } from './stream.js';

/** What stamping one object writes: its record, annotations, label and pinned images. */
export interface ObjectStamp {
  record: OriginObject;
  annotations: Map<string, string>;
  podTemplateAnnotations: Map<string, string> | undefined;
  label: string;
  /** Container image rewrites from `--image` pins, by index among the pod spec's containers. */
  imageRewrites: { index: number; image: string }[];
}

/** Builds one object's origin record and annotations from its location and the run's facts. */
export function buildObjectStamp(
  object: StreamObject,
  location: ObjectLocation,
  facts: StampFacts,
  where: string,
): ObjectStamp {
  const source = location.source;
  const owners = source ? facts.owners.get(source.path) : undefined;
  const refs = findReferences(object, location, facts);
  const repo = facts.run.repository?.uri;
  const label = originId({
    repo,
    path: source?.path,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
  });
  const flat = flatAnnotations(location, owners, facts);
  const podSpec = podSpecOf(object.kind, object.value);
  const record: OriginObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
    name: object.name,
    origin: label,
    ...(source ? { source } : {}),
    ...(location.chart ? { chart: location.chart } : {}),
    owners: owners ?? [],
    ...optional(
      'introducer',
      source ? facts.introducers.get(lineKey(source.path, source.line)) : undefined,
    ),
    images: refs.images,
    secretRefs: refs.secretRefs,
    ...optional('serviceAccount', refs.serviceAccount),
    annotationsDigest: '',
  };
  const annotations = objectAnnotations(flat, record, facts);
  record.annotationsDigest = annotationsDigest(Object.fromEntries(annotations));
  const podTemplateAnnotations =
    podSpec && object.kind !== 'Pod' ? pick(flat, POD_TEMPLATE_ANNOTATIONS) : undefined;
  if (podTemplateAnnotations)
    record.podTemplateAnnotationsDigest = annotationsDigest(
      Object.fromEntries(podTemplateAnnotations),
    );
  checkSize(object, annotations, where);
  return { record, annotations, podTemplateAnnotations, label, imageRewrites: refs.imageRewrites };
}

function flatAnnotations(
  location: ObjectLocation,
  owners: string[] | undefined,
  facts: StampFacts,
): Map<AnnotationKey, string> {
  const flat = new Map<AnnotationKey, string>();
  const source = location.source;
  const run = facts.run;
  if (source) flat.set(ANNOTATION.source, `${source.path}#L${source.line}`);
  if (source && facts.permalinkBase)
    flat.set(ANNOTATION.sourceUrl, `${facts.permalinkBase}/${source.path}#L${source.line}`);
  if (run.repository?.uri) flat.set(ANNOTATION.repo, run.repository.uri);
  if (run.repository?.commit) flat.set(ANNOTATION.commit, run.repository.commit);
  if (location.chart)
    flat.set(ANNOTATION.chart, `${location.chart.name}@${location.chart.version}`);
  if (owners && owners.length > 0) flat.set(ANNOTATION.owners, owners.join(','));
  if (run.environment) flat.set(ANNOTATION.environment, run.environment);
  if (run.build?.runUrl) flat.set(ANNOTATION.build, run.build.runUrl);
  return flat;
}

function objectAnnotations(
  flat: Map<AnnotationKey, string>,
  record: OriginObject,
  facts: StampFacts,
): Map<string, string> {
  const annotations = new Map<string, string>(pick(flat, MINIMAL_ANNOTATIONS));
  if (facts.annotations === 'full')
    annotations.set(ANNOTATION.provenance, provenanceJson(record, facts));
  return annotations;
}

/** The compact JSON record (schema: provenance-annotation.v1): run facts plus the object's origin. */
function provenanceJson(record: OriginObject, facts: StampFacts): string {
  const run = facts.run;
  return toCanonicalJson({
    v: 1,
    source: record.source,
    chart: record.chart,
    repository: run.repository,
    environment: run.environment,
    build: run.build,
    operator: run.operator,
    approvers: run.approvers.length > 0 ? run.approvers : undefined,
    owners: record.owners.length > 0 ? record.owners : undefined,
    introducer: record.introducer,
    images: record.images.length > 0 ? record.images : undefined,
    secretRefs: record.secretRefs.length > 0 ? record.secretRefs : undefined,
    serviceAccount: record.serviceAccount,
  });
}

function pick(
  flat: ReadonlyMap<AnnotationKey, string>,
  keys: readonly AnnotationKey[],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of keys) {
    const value = flat.get(key);
    if (value !== undefined) out.set(key, value);
  }
  return out;
}

function checkSize(object: StreamObject, ours: ReadonlyMap<string, string>, where: string): void {
  const existing = asRecord(asRecord(object.value.metadata)?.annotations) ?? {};
  let total = 0;
  for (const [key, value] of Object.entries(existing)) {
    if (!ours.has(key) && !key.startsWith('trailmark.dev/'))
      total +=
        Buffer.byteLength(key) +
        Buffer.byteLength(typeof value === 'string' ? value : String(value));
  }
  for (const [key, value] of ours) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  if (total > ANNOTATIONS_SIZE_LIMIT) {
    const line = Number(where.slice(where.lastIndexOf(':') + 1));
    throw new ManifestError(
      'MANIFEST_ANNOTATIONS_TOO_LARGE',
      `${where}: ${object.kind}/${object.name}: annotations would total ${total} bytes, over Kubernetes' limit of ${ANNOTATIONS_SIZE_LIMIT}; use --annotations minimal`,
      { location: { path: where.slice(0, where.lastIndexOf(':')), line } },
    );
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

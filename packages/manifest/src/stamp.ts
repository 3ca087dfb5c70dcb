import { foreignCause, type OriginObject } from '@trailmark/core';
import { buildObjectStamp, type ObjectStamp } from './build-object.js';
import type { StampFacts } from './facts.js';
import type { HintedObject } from './hints.js';
import type { ObjectLocation } from './locate.js';
import { stampDocumentText, type DocumentStamp } from './stamp-document.js';
import { ManifestError } from './error.js';
import type { ManifestStream, StreamDocument } from './stream.js';
import { ShapeError } from './yaml-edit.js';
import { indexTemplate, type TemplateIndex } from './template.js';

/** Inputs of {@link stampStreams}: the parsed streams, their objects and where each came from. */
export interface StampInput {
  streams: readonly ManifestStream[];
  /** From `collectHints(streams)`. */
  objects: readonly HintedObject[];
  /** From `locateObjects`, index-aligned with `objects`. */
  locations: readonly ObjectLocation[];
  facts: StampFacts;
  /**
   * Drop each document's trees and plain values once it is stamped (the streams are then spent):
   * memory stays with what is left to stamp, not with the whole stream.
   */
  release?: boolean;
}

/** Stamped texts (one per stream, byte-identical outside the stamped entries) and origin records. */
export interface StampOutput {
  texts: string[];
  records: OriginObject[];
  warnings: string[];
}

/**
 * Stamps every object: annotations and the origin label on the object and its pod template, image
 * pins, and one origin record each. Deterministic: same inputs, same bytes.
 */
export function stampStreams(input: StampInput): StampOutput {
  const warnings: string[] = input.streams.flatMap((stream) => stream.warnings);
  const byDocument = new Map<string, number[]>();
  input.objects.forEach((hinted, i) => {
    const key = `${hinted.stream}:${hinted.document}`;
    const members = byDocument.get(key);
    if (members) members.push(i);
    else byDocument.set(key, [i]);
  });
  // Records in object order; each document's stamps are built, written and dropped in turn.
  const records = new Array<OriginObject | undefined>(input.objects.length);
  const located = new Map<number, string[]>();
  const plainIndexes = new Map<number, TemplateIndex>();
  const texts = input.streams.map((stream, s) => {
    let text = stream.bom ? '\uFEFF' : '';
    for (const doc of stream.documents) {
      const stamps: DocumentStamp[] = [];
      for (const i of byDocument.get(`${s}:${doc.index}`) ?? []) {
        const hinted = input.objects[i] as HintedObject;
        const stamp = stampObject(input, i, hinted, plainIndexes, located);
        if (!stamp) continue;
        records[i] = stamp.record;
        stamps.push({ object: hinted.object, stamp });
      }
      text += stampDocument(stream, doc, stamps);
      if (input.release) releaseDocument(doc);
    }
    return text;
  });
  input.objects.forEach((_, i) => warnings.push(...(located.get(i) ?? [])));
  return { texts, records: records.filter((record) => record !== undefined), warnings };
}

function stampObject(
  input: StampInput,
  i: number,
  hinted: HintedObject,
  plainIndexes: Map<number, TemplateIndex>,
  warnings: Map<number, string[]>,
): ObjectStamp | undefined {
  const stream = input.streams[hinted.stream];
  const location = input.locations[i];
  if (!stream || !location) return undefined;
  const where = `${stream.name}:${hinted.object.kindLine}`;
  if (location.warnings.length > 0)
    warnings.set(
      i,
      location.warnings.map((warning) => `${where}: ${warning}`),
    );
  const withTemplate =
    location.template || location.source?.origin !== 'plain'
      ? location
      : plainTemplate(location, stream, hinted, plainIndexes);
  return buildObjectStamp(hinted.object, withTemplate, input.facts, where);
}

/** Drops what only stamping a document needed: its syntax trees and its objects' plain values. */
function releaseDocument(doc: StreamDocument): void {
  doc.yaml = undefined;
  doc.lean = undefined;
  for (const object of doc.objects) object.value = {};
}

function stampDocument(
  stream: ManifestStream,
  doc: StreamDocument,
  stamps: readonly DocumentStamp[],
): string {
  try {
    return stampDocumentText(stream.text.slice(doc.start, doc.end), doc, stamps, stream.newline);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const line = stamps[0]?.object.kindLine ?? doc.line;
    throw new ManifestError('MANIFEST_PARSE', `${stream.name}:${line}: ${error.message}`, {
      location: { path: stream.name, line },
      cause: foreignCause(error),
    });
  }
}

/** A plain manifest is its own template: its document in the stream text gives reference lines. */
function plainTemplate(
  location: ObjectLocation,
  stream: ManifestStream,
  hinted: HintedObject,
  cache: Map<number, TemplateIndex>,
): ObjectLocation {
  const source = location.source;
  if (!source) return location;
  let index = cache.get(hinted.stream);
  if (!index) {
    index = indexTemplate(stream.text);
    cache.set(hinted.stream, index);
  }
  const line = hinted.object.kindLine;
  const segment = index.segments.find(
    (candidate) => candidate.startLine <= line && line <= candidate.endLine,
  );
  return segment ? { ...location, template: { path: source.path, index, segment } } : location;
}

import { foreignCause, type OriginObject } from '@trailmark/core';
import { buildObjectStamp } from './build-object.js';
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
  const records: OriginObject[] = [];
  const perDocument = new Map<string, DocumentStamp[]>();
  const plainIndexes = new Map<number, TemplateIndex>();
  input.objects.forEach((hinted, i) => {
    const stream = input.streams[hinted.stream];
    const location = input.locations[i];
    if (!stream || !location) return;
    const where = `${stream.name}:${hinted.object.kindLine}`;
    for (const warning of location.warnings) warnings.push(`${where}: ${warning}`);
    const withTemplate =
      location.template || location.source?.origin !== 'plain'
        ? location
        : plainTemplate(location, stream, hinted, plainIndexes);
    const stamp = buildObjectStamp(hinted.object, withTemplate, input.facts, where);
    records.push(stamp.record);
    const key = `${hinted.stream}:${hinted.document}`;
    perDocument.set(key, [...(perDocument.get(key) ?? []), { object: hinted.object, stamp }]);
  });
  const texts = input.streams.map((stream, s) => {
    const body = stream.documents
      .map((doc) => stampDocument(stream, doc, perDocument.get(`${s}:${doc.index}`) ?? []))
      .join('');
    return (stream.bom ? '\uFEFF' : '') + body;
  });
  return { texts, records, warnings };
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

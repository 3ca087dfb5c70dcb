import { isDeepStrictEqual } from 'node:util';
import { containerImages, podSpecOf, secretUses, serviceAccountOf } from '@trailmark/core';
import { parseManifestStream, type ManifestStream, type StreamObject } from '../src/stream.js';
import { stampAll } from './lean-compare.js';

/** How the stream scanner and the lean pass differ on one stream (empty when they agree). */
export interface ScanComparison {
  differences: string[];
  /** Documents with content, and how many of them the scanner handed to the lean pass. */
  documents: number;
  scanFallbacks: number;
}

/**
 * Reads `text` with the scanner on and forced off (the lean pass), compares what stamp reads of
 * each object (head, lines, annotations, images, Secret references, service account) and the
 * stamped bytes, once and again on the stamped output; a stream one side rejects must be rejected
 * by the other with the same message.
 */
export function compareScan(text: string, name: string): ScanComparison {
  const lean = read(text, name, false);
  const scanned = read(text, name, true);
  if (typeof lean === 'string' || typeof scanned === 'string') {
    const differences = lean === scanned ? [] : [`${name}: errors differ`];
    return { differences, documents: 0, scanFallbacks: 0 };
  }
  const differences = compareStreams(lean, scanned);
  const once = [stampAll(lean), stampAll(scanned)];
  if (once[0] !== once[1]) differences.push(`${name}: stamped text differs`);
  const again = [
    stampAll(parseManifestStream(once[0] ?? '', name, { lean: true, scan: false })),
    stampAll(parseManifestStream(once[1] ?? '', name, { lean: true })),
  ];
  if (again[0] !== again[1]) differences.push(`${name}: re-stamped text differs`);
  const documents = scanned.documents.filter((doc) => doc.yaml ?? doc.lean).length;
  return { differences, documents, scanFallbacks: scanned.scanFallbacks };
}

function read(text: string, name: string, scan: boolean): ManifestStream | string {
  try {
    return parseManifestStream(text, name, { lean: true, scan });
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

function compareStreams(lean: ManifestStream, scanned: ManifestStream): string[] {
  const out: string[] = [];
  if (!isDeepStrictEqual(lean.warnings, scanned.warnings))
    out.push(`${lean.name}: warnings differ`);
  if (lean.documents.length !== scanned.documents.length)
    out.push(`${lean.name}: documents differ`);
  lean.documents.forEach((doc, d) => {
    const other = scanned.documents[d];
    const where = `${lean.name} document ${d} (line ${doc.line})`;
    const range = (x: typeof doc): unknown[] => [x.start, x.end, x.line, x.sourceComment];
    if (!other || !isDeepStrictEqual(range(doc), range(other))) out.push(`${where}: range differs`);
    if (!other || other.objects.length !== doc.objects.length) {
      out.push(`${where}: object count differs`);
      return;
    }
    doc.objects.forEach((object, o) => {
      const mine = other.objects[o];
      if (mine && !isDeepStrictEqual(facts(object), facts(mine)))
        out.push(`${where}: facts differ`);
    });
  });
  return out;
}

/** What stamp reads of an object's value. */
function facts(object: StreamObject): unknown {
  const { value, ...head } = object;
  const metadata = value.metadata as Record<string, unknown> | undefined;
  const spec = podSpecOf(object.kind, value);
  return {
    head,
    annotations: metadata?.annotations,
    generateName: metadata?.generateName,
    spec: spec && {
      images: containerImages(spec),
      secrets: secretUses(spec),
      serviceAccount: serviceAccountOf(spec),
    },
  };
}

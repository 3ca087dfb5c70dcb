import { isDeepStrictEqual } from 'node:util';
import { podSpecOf, podTemplatePath } from '@trailmark/core';
import type { ObjectStamp } from '../src/build-object.js';
import { stampDocumentText } from '../src/stamp-document.js';
import { parseManifestStream, type ManifestStream } from '../src/stream.js';

/** How the lean and the full reading of one stream differ (empty when they agree byte for byte). */
export interface LeanComparison {
  differences: string[];
  documents: number;
  fullParses: number;
}

/** Parses `text` both ways, compares what stamp reads, then stamps twice and compares the bytes. */
export function compareLean(text: string, name: string): LeanComparison {
  const full = parseManifestStream(text, name);
  const lean = parseManifestStream(text, name, { lean: true, scan: false });
  const differences = compareStreams(full, lean);
  const once = [stampAll(full), stampAll(lean)];
  if (once[0] !== once[1]) differences.push(`${name}: stamped text differs`);
  const again = [
    stampAll(parseManifestStream(once[0] ?? '', name)),
    stampAll(parseManifestStream(once[1] ?? '', name, { lean: true, scan: false })),
  ];
  if (again[0] !== again[1]) differences.push(`${name}: re-stamped text differs`);
  if (again[0] !== once[0]) differences.push(`${name}: stamping is not idempotent`);
  const documents = lean.documents.filter((doc) => doc.yaml ?? doc.lean).length;
  return { differences, documents, fullParses: lean.fullParses };
}

function compareStreams(full: ManifestStream, lean: ManifestStream): string[] {
  const out: string[] = [];
  if (!isDeepStrictEqual(full.warnings, lean.warnings)) out.push(`${full.name}: warnings differ`);
  full.documents.forEach((doc, d) => {
    const other = lean.documents[d];
    const where = `${full.name} document ${d} (line ${doc.line})`;
    if (!other || other.objects.length !== doc.objects.length) {
      out.push(`${where}: object count differs`);
      return;
    }
    doc.objects.forEach((object, o) => {
      const mine = other.objects[o];
      if (!mine) return;
      const { value: a, ...headA } = object;
      const { value: b, ...headB } = mine;
      if (!isDeepStrictEqual(headA, headB)) out.push(`${where}: head or lines differ`);
      if (!isDeepStrictEqual(a.metadata, b.metadata)) out.push(`${where}: metadata differs`);
      const specs = [podSpecOf(object.kind, a), podSpecOf(mine.kind, b)];
      if (!isDeepStrictEqual(specs[0], specs[1])) out.push(`${where}: pod spec differs`);
    });
  });
  return out;
}

/** Stamps every object with fixed annotations, a label and a pin for every container image. */
export function stampAll(stream: ManifestStream): string {
  return stream.documents
    .map((doc) => {
      const stamps = doc.objects.map((object, i) => ({ object, stamp: fixedStamp(object, i) }));
      const chunk = stream.text.slice(doc.start, doc.end);
      return stampDocumentText(chunk, doc, stamps, stream.newline);
    })
    .join('');
}

function fixedStamp(
  object: ManifestStream['documents'][number]['objects'][number],
  i: number,
): ObjectStamp {
  const annotations = new Map([
    ['trailmark.dev/source', `templates/${object.kind}/${object.name}.yaml#L1`],
    ['trailmark.dev/owners', '@acme/platform'],
  ]);
  const spec = podSpecOf(object.kind, object.value);
  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((list) => {
    const items: unknown = spec?.[list];
    return Array.isArray(items) ? (items as unknown[]) : [];
  });
  return {
    record: {} as ObjectStamp['record'],
    annotations,
    podTemplateAnnotations:
      podTemplatePath(object.kind) && spec
        ? new Map([['trailmark.dev/source', 'x#L1']])
        : undefined,
    label: `origin-${i}`,
    imageRewrites: containers.map((_, index) => ({
      index,
      image: `img${index}@sha256:${'a'.repeat(64)}`,
    })),
  };
}

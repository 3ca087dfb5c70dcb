import { HELM4_FILENAME_ANNOTATION, KUSTOMIZE_ORIGIN_ANNOTATION } from '@trailmark/core';
import { parse } from 'yaml';
import { asRecord, type ManifestStream, type StreamObject } from './stream.js';

/** What a rendered object says about where it came from, before resolving it to a file. */
export type SourceHint =
  | { kind: 'helm'; path: string; inherited: boolean }
  | { kind: 'helm4'; path: string }
  | { kind: 'kustomize'; path: string; repo: string | undefined }
  | { kind: 'plain' };

/** An object of a stream with its hint. */
export interface HintedObject {
  stream: number;
  document: number;
  object: StreamObject;
  hint: SourceHint;
}

/**
 * Reads each object's origin hint: the Helm 4 postrender-filename annotation, kustomize's origin
 * annotation, the document's `# Source:` comment, or (Helm 2 writes one Source per template file)
 * the last Source comment seen earlier in the stream; otherwise the object is plain.
 */
export function collectHints(streams: readonly ManifestStream[]): HintedObject[] {
  const out: HintedObject[] = [];
  streams.forEach((stream, s) => {
    let current: string | undefined;
    for (const doc of stream.documents) {
      const own = doc.sourceComment;
      if (own !== undefined) current = own;
      for (const object of doc.objects) {
        out.push({ stream: s, document: doc.index, object, hint: hintOf(object, own, current) });
      }
    }
  });
  return out;
}

function hintOf(
  object: StreamObject,
  own: string | undefined,
  current: string | undefined,
): SourceHint {
  const annotations = asRecord(asRecord(object.value.metadata)?.annotations);
  const helm4 = annotations?.[HELM4_FILENAME_ANNOTATION];
  if (typeof helm4 === 'string' && helm4 !== '') return { kind: 'helm4', path: helm4 };
  const kustomize = kustomizeOrigin(annotations?.[KUSTOMIZE_ORIGIN_ANNOTATION]);
  if (kustomize) return kustomize;
  if (own !== undefined && own !== '') return { kind: 'helm', path: own, inherited: false };
  if (current !== undefined && current !== '')
    return { kind: 'helm', path: current, inherited: true };
  return { kind: 'plain' };
}

function kustomizeOrigin(value: unknown): SourceHint | undefined {
  if (typeof value !== 'string') return undefined;
  let origin: Record<string, unknown> | undefined;
  try {
    origin = asRecord(parse(value, { maxAliasCount: 10 }));
  } catch {
    return undefined; // A malformed origin annotation is not ours to reject; the object stays plain.
  }
  const path = origin?.path;
  if (typeof path !== 'string' || path === '') return undefined;
  const repo = origin?.repo;
  return { kind: 'kustomize', path, repo: typeof repo === 'string' ? repo : undefined };
}

import { ANNOTATION, annotationsDigest } from '@trailmark/core';
import type { KubeObject, ObjectRef, SourceLocation } from '@trailmark/core';
import { stringMap } from './kube-read.js';
import { permalink, type LinkOptions } from './permalink.js';
import { parseSource } from './record-origin.js';
import type { TraceEvidence } from './trace-evidence.js';

/** Where an object (a binding, a service account) is defined, and whether a record proves it. */
export interface ObjectSource {
  at?: SourceLocation;
  url?: string;
  owners: string[];
  verified: boolean;
}

/**
 * An object's own source line: its verified record (verified while the live annotations still
 * hash to the record's digest), else its `trailmark.dev/source` and `owners` annotations
 * (claimed), else nothing known.
 */
export function objectSource(
  ref: ObjectRef,
  live: KubeObject | undefined,
  evidence: TraceEvidence,
  links?: LinkOptions,
  used?: Set<string>,
): ObjectSource {
  const annotations = stringMap(live?.metadata.annotations);
  const match = evidence.recordsFor(ref)[0];
  if (match !== undefined) {
    used?.add(match.evidence.id);
    const at = match.record.source && {
      path: match.record.source.path,
      line: match.record.source.line,
    };
    const repository = match.predicate.repository;
    const url = permalink(repository?.uri, repository?.commit, at, links);
    return {
      ...(at === undefined ? {} : { at }),
      ...(url === undefined ? {} : { url }),
      owners: Array.isArray(match.record.owners) ? [...match.record.owners] : [],
      verified:
        live === undefined || annotationsDigest(annotations) === match.record.annotationsDigest,
    };
  }
  const at = parseSource(annotations[ANNOTATION.source]);
  const url = annotations[ANNOTATION.sourceUrl];
  return {
    ...(at === undefined ? {} : { at }),
    ...(url === undefined ? {} : { url }),
    owners: (annotations[ANNOTATION.owners] ?? '')
      .split(',')
      .map((owner) => owner.trim())
      .filter((owner) => owner !== ''),
    verified: false,
  };
}

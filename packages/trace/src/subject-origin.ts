import { annotationsDigest, isTrailmarkKey, podTemplatePath } from '@trailmark/core';
import type { KubeObject, ObjectRef, WorkloadOrigin, WorkloadReport } from '@trailmark/core';
import { asRecord, stringMap } from './kube-read.js';
import { permalink, type LinkOptions } from './permalink.js';
import { annotatedOrigin, recordOrigin } from './record-origin.js';
import type { OriginMatch, TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

/** The origin of what an incident is about, and what it rests on. */
export interface SubjectOrigin {
  attribution: 'verified' | 'claimed' | 'none';
  origin?: WorkloadOrigin;
  /** The verified record behind `origin`, when there is one. */
  match?: OriginMatch;
  /** verify's report of the workload, when it was in scope. */
  report?: WorkloadReport;
  /** The live object (workload or object), when the cluster view has it. */
  live?: KubeObject;
}

/**
 * verify's verdict when it checked the workload (its attribution and origin, verified or
 * claimed). Otherwise (an object such as a Secret or binding, a workload out of verify's scope or
 * gone): the newest verified record naming it — `verified` when the live object's
 * `trailmark.dev/*` annotations hash to the record's digest or the object is gone, `claimed` when
 * they were changed — else what its annotations claim, else `none`.
 */
export function subjectOrigin(
  subject: ObjectRef | undefined,
  pod: KubeObject | undefined,
  view: ClusterView,
  evidence: TraceEvidence,
  links?: LinkOptions,
): SubjectOrigin {
  if (subject === undefined) return { attribution: 'none' };
  const live = view.object(subject.kind, subject.namespace, subject.name);
  const matches = evidence.recordsFor(subject);
  const report = evidence.workloadReport(subject);
  const within = { ...(live === undefined ? {} : { live }) };
  if (report !== undefined) {
    const origin = report.origin && withPermalink(report.origin, links);
    const match =
      origin?.verified === true
        ? matches.find((m) => m.evidence.id === origin.attestation)
        : undefined;
    return {
      attribution: report.attribution,
      report,
      ...within,
      ...(origin === undefined ? {} : { origin }),
      ...(match === undefined ? {} : { match }),
    };
  }
  const match = newest(matches);
  if (match !== undefined) {
    const intact =
      live === undefined ||
      annotationsDigest(stringMap(live.metadata.annotations)) === match.record.annotationsDigest;
    return {
      attribution: intact ? 'verified' : 'claimed',
      origin: recordOrigin(match, links),
      match,
      ...within,
    };
  }
  const claimed = annotatedOrigin(...annotationSources(live, pod));
  return claimed === undefined
    ? { attribution: 'none', ...within }
    : { attribution: 'claimed', origin: withPermalink(claimed, links), ...within };
}

// The record signed last when all carry a signing time, else the first in evidence order.
function newest(matches: readonly OriginMatch[]): OriginMatch | undefined {
  if (matches.length <= 1 || matches.some((m) => m.evidence.signedAt === undefined))
    return matches[0];
  return [...matches].sort((a, b) =>
    (b.evidence.signedAt ?? '').localeCompare(a.evidence.signedAt ?? ''),
  )[0];
}

// The object's annotations, its pod template's, then the pod's (the first holding a key wins).
function annotationSources(
  live: KubeObject | undefined,
  pod: KubeObject | undefined,
): Record<string, string>[] {
  const path = live === undefined ? undefined : podTemplatePath(live.kind);
  let template: unknown = live;
  for (const step of path ?? []) template = asRecord(template)?.[step];
  return [
    own(live?.metadata.annotations),
    own(path === undefined ? undefined : asRecord(asRecord(template)?.metadata)?.annotations),
    own(pod?.metadata.annotations),
  ];
}

function own(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(stringMap(value)))
    if (isTrailmarkKey(key)) out[key] = text;
  return out;
}

// The origin with a permalink built from its repository and commit when it states none.
function withPermalink(origin: WorkloadOrigin, links?: LinkOptions): WorkloadOrigin {
  if (origin.sourceUrl !== undefined) return origin;
  const url = permalink(origin.repository, origin.commit, origin.source, links);
  return url === undefined ? origin : { ...origin, sourceUrl: url };
}

import { annotationsDigest, isTrailmarkKey, podTemplatePath } from '@trailmark/core';
import type { Finding, KubeObject } from '@trailmark/core';
import type { OriginMatch } from './evidence-index.js';
import { finding, shortDigest } from './finding.js';
import { displayKey, type InventoryWorkload } from './inventory.js';
import { getPath, stringMap } from './kube-read.js';

/** The `trailmark.dev/*` annotations of an object and of its pod template, as live. */
export interface LiveAnnotations {
  object: Record<string, string>;
  /** Undefined for kinds without a pod template (and for bare Pods). */
  template?: Record<string, string>;
}

/** The live annotations (only `trailmark.dev/*` keys) of a workload object. */
export function liveAnnotations(object: KubeObject): LiveAnnotations {
  const path = podTemplatePath(object.kind);
  return {
    object: trailmarkOnly(stringMap(object.metadata.annotations)),
    ...(path === undefined
      ? {}
      : {
          template: trailmarkOnly(stringMap(getPath(object, [...path, 'metadata', 'annotations']))),
        }),
  };
}

/** True when neither the object, its pod template nor any pod carries a `trailmark.dev/*` annotation. */
export function hasNoProvenance(workload: InventoryWorkload, live: LiveAnnotations): boolean {
  if (Object.keys(live.object).length > 0) return false;
  if (live.template !== undefined && Object.keys(live.template).length > 0) return false;
  return workload.pods.every(
    (pod) => Object.keys(trailmarkOnly(stringMap(pod.metadata.annotations))).length === 0,
  );
}

/**
 * Recomputes the annotation digests exactly as stamp does (`annotationsDigest` over the
 * `trailmark.dev/*` annotations) for the object, its pod template and every pod (a pod of a
 * workload carries its template's annotations; a bare Pod is the object), and compares them with
 * the current record. A mismatch that equals another verified record of the same object is stale
 * (from that release); otherwise forged or edited.
 */
export function checkAnnotations(
  workload: InventoryWorkload,
  live: LiveAnnotations,
  current: OriginMatch,
  all: readonly OriginMatch[],
): Finding[] {
  const name = displayKey(workload.ref);
  const findings: Finding[] = [];
  const objectDigest = annotationsDigest(live.object);
  if (objectDigest !== current.record.annotationsDigest) {
    const stale = all.find(
      (match) => match !== current && match.record.annotationsDigest === objectDigest,
    );
    findings.push(mismatch(name, 'the object', objectDigest, current, stale));
  }
  const expected = current.record.podTemplateAnnotationsDigest;
  if (expected === undefined || workload.object.kind === 'Pod') return findings;
  if (live.template !== undefined) {
    const digest = annotationsDigest(live.template);
    if (digest !== expected) {
      const stale = all.find(
        (m) => m !== current && m.record.podTemplateAnnotationsDigest === digest,
      );
      findings.push(mismatch(name, 'the pod template', digest, current, stale));
    }
  }
  findings.push(...podMismatches(workload, name, current, all));
  return findings;
}

// Pods whose annotations differ from the record's pod-template digest, one finding per distinct digest.
function podMismatches(
  workload: InventoryWorkload,
  name: string,
  current: OriginMatch,
  all: readonly OriginMatch[],
): Finding[] {
  const expected = current.record.podTemplateAnnotationsDigest;
  const byDigest = new Map<string, string[]>();
  for (const pod of workload.pods) {
    const digest = annotationsDigest(trailmarkOnly(stringMap(pod.metadata.annotations)));
    if (digest === expected) continue;
    const pods = byDigest.get(digest) ?? [];
    pods.push(pod.metadata.name);
    byDigest.set(digest, pods);
  }
  return [...byDigest].map(([digest, pods]) => {
    const stale = all.find(
      (m) => m !== current && m.record.podTemplateAnnotationsDigest === digest,
    );
    const label =
      pods.length === 1 ? `pod ${pods[0] ?? ''}` : `${pods.length} pods (e.g. ${pods[0] ?? ''})`;
    return { ...mismatch(name, label, digest, current, stale), pod: pods[0] ?? '' };
  });
}

function mismatch(
  name: string,
  what: string,
  actual: string,
  current: OriginMatch,
  stale: OriginMatch | undefined,
): Finding {
  const expected =
    what === 'the object'
      ? current.record.annotationsDigest
      : (current.record.podTemplateAnnotationsDigest ?? '');
  const why =
    stale === undefined
      ? 'forged or edited after signing'
      : `stale: they match the release of commit ${commitOf(stale)} (attestation ${shortDigest(stale.evidence.id)})`;
  return finding(
    'ANNOTATIONS_MISMATCH',
    `${name}: trailmark.dev/* annotations on ${what} do not match the signed record of commit ${commitOf(current)} (${shortDigest(actual)} ≠ ${shortDigest(expected)}): ${why}`,
    {
      ...(current.record.source === undefined
        ? {}
        : { source: { path: current.record.source.path, line: current.record.source.line } }),
      details: {
        on: what,
        expected,
        actual,
        attestation: current.evidence.id,
        ...(stale === undefined
          ? {}
          : { staleCommit: commitOf(stale), staleAttestation: stale.evidence.id }),
      },
    },
  );
}

/** The commit a record's predicate names (or `unknown`). */
export function commitOf(match: OriginMatch): string {
  return match.predicate.repository?.commit ?? 'unknown';
}

/** Only the `trailmark.dev/*` entries. */
export function trailmarkOnly(annotations: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) if (isTrailmarkKey(key)) out[key] = value;
  return out;
}

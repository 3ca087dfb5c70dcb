import { objectKey, sha256Hex } from '@trailmark/core';
import type { NormalizedAlert, ObjectRef } from '@trailmark/core';

/**
 * The escalation dedupe key: `sha256:` + hex sha256 of the canonical JSON of `{rule, workload,
 * commit}`, where `workload` is `Kind/namespace/name` of the workload, else of the object, else
 * `namespace/pod` (or the pod) when unresolved; `commit` is left out when unknown.
 */
export function incidentFingerprint(
  alert: NormalizedAlert,
  subject: ObjectRef | undefined,
  commit: string | undefined,
): string {
  const workload =
    subject !== undefined
      ? objectKey(subject)
      : alert.pod === undefined
        ? ''
        : alert.namespace === undefined
          ? alert.pod
          : `${alert.namespace}/${alert.pod}`;
  return `sha256:${sha256Hex(fingerprintJson(alert.rule, workload, commit))}`;
}

/**
 * The canonical JSON (RFC 8785, as core's `toCanonicalJson` writes it) of `{rule, workload,
 * commit}`, written directly: the members in code-unit order (`commit` < `rule` < `workload`),
 * strings escaped by `JSON.stringify`, `commit` left out when undefined.
 */
export function fingerprintJson(
  rule: string,
  workload: string,
  commit: string | undefined,
): string {
  const tail = `"rule":${JSON.stringify(rule)},"workload":${JSON.stringify(workload)}}`;
  return commit === undefined ? `{${tail}` : `{"commit":${JSON.stringify(commit)},${tail}`;
}

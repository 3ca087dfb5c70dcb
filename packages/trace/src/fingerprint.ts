import { objectKey, sha256Hex, toCanonicalJson } from '@trailmark/core';
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
  return `sha256:${sha256Hex(toCanonicalJson({ rule: alert.rule, workload, commit }))}`;
}

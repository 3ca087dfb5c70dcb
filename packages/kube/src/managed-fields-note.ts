import type { KubeObject } from '@trailmark/core';

const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);

/**
 * A note when workloads or pods of a file carry no `metadata.managedFields`: `kubectl get -o json`
 * leaves them out unless `--show-managed-fields` is given, and without them verify cannot see
 * changes made by hand (`kubectl edit`, `patch`), so a clean result would say less than it seems.
 */
export function managedFieldsNote(objects: readonly KubeObject[]): string | undefined {
  const workloads = objects.filter((object) => WORKLOAD_KINDS.has(object.kind));
  const without = workloads.filter((object) => {
    const fields = (object.metadata as { managedFields?: unknown }).managedFields;
    return !Array.isArray(fields) || fields.length === 0;
  }).length;
  if (without === 0) return undefined;
  return (
    `${without} of ${workloads.length} workload objects and pods carry no metadata.managedFields ` +
    '(kubectl leaves them out unless --show-managed-fields): changes made by hand (kubectl edit, ' +
    'patch) cannot be seen; use `kubectl get … --show-managed-fields -o json` or `trailmark snapshot`'
  );
}

import type { Finding, KubeObject, ManagedFieldsEntry } from '@trailmark/core';
import type { OriginMatch } from './evidence-index.js';
import { fieldPaths } from './fields-v1.js';
import { finding } from './finding.js';
import { displayKey, type InventoryWorkload } from './inventory.js';

/** Field managers that deploy releases: their changes are the deploy itself (docs/verify.md). */
export const DEFAULT_DEPLOYERS: readonly string[] = [
  'helm',
  'argocd',
  'argocd-controller',
  'argocd-application-controller',
  'kustomize-controller',
  'helm-controller',
];

/** Kubernetes' own controllers: they manage objects on everyone's behalf and are never drift. */
export const CONTROLLER_MANAGERS: ReadonlySet<string> = new Set([
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-apiserver',
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'cronjob-controller',
  'ttl-after-finished-controller',
  'horizontal-pod-autoscaler',
  'cluster-autoscaler',
  'vpa-updater',
]);

const MAX_FIELDS_IN_MESSAGE = 4;

/**
 * DRIFT_MANUAL_CHANGE from `metadata.managedFields` of the workload object and its pods. An entry
 * counts when its manager is neither a deployer nor a Kubernetes controller, it is not a `status`
 * subresource update, and it owns `spec` or `metadata` fields; and
 * - when the current record's evidence carries a verified signing time: its `time` is later;
 * - otherwise (no deploy time is known): its operation is `Update` (an imperative change: `kubectl
 *   edit`, `patch`, `set image`, client-side `apply`, `label`, `debug`…; a server-side `Apply` by
 *   another manager is a declarative owner, not drift).
 * One finding per object kind (workload or pods) and manager, naming the fields and the latest time.
 */
export function checkDrift(
  workload: InventoryWorkload,
  current: OriginMatch | undefined,
  deployers: readonly string[],
): Finding[] {
  const allowed = new Set(deployers);
  const cutoff = current?.evidence.signedAt;
  const cutoffTime = cutoff === undefined ? undefined : Date.parse(cutoff);
  const groups = new Map<string, Change>();
  for (const object of [workload.object, ...workload.pods]) {
    const own = object === workload.object;
    for (const entry of entriesOf(object)) {
      const fields = driftFields(entry, allowed, cutoffTime);
      if (fields === undefined) continue;
      const manager = entry.manager ?? '(no manager)';
      const key = `${own ? 'object' : 'pods'}\n${manager}`;
      const change = groups.get(key) ?? {
        manager,
        own,
        objects: [],
        fields: new Set(),
        operations: new Set(),
        time: '',
      };
      change.objects.push(object.metadata.name);
      for (const field of fields) change.fields.add(field);
      if (entry.operation !== undefined) change.operations.add(entry.operation);
      if ((entry.time ?? '') > change.time) change.time = entry.time ?? '';
      groups.set(key, change);
    }
  }
  return [...groups.values()].map((change) => toFinding(workload, change, current, cutoff));
}

interface Change {
  manager: string;
  own: boolean;
  objects: string[];
  fields: Set<string>;
  operations: Set<string>;
  time: string;
}

function entriesOf(object: KubeObject): ManagedFieldsEntry[] {
  const entries = object.metadata.managedFields;
  return Array.isArray(entries) ? entries.filter((entry) => typeof entry === 'object') : [];
}

// The spec/metadata fields an entry changed, or undefined when it is not drift.
function driftFields(
  entry: ManagedFieldsEntry,
  allowed: ReadonlySet<string>,
  cutoff: number | undefined,
): string[] | undefined {
  const manager = entry.manager ?? '';
  if (entry.subresource === 'status' || allowed.has(manager) || CONTROLLER_MANAGERS.has(manager))
    return undefined;
  const time = entry.time === undefined ? Number.NaN : Date.parse(entry.time);
  if (cutoff !== undefined && !Number.isNaN(cutoff) && !Number.isNaN(time)) {
    if (time <= cutoff) return undefined;
  } else if (entry.operation !== 'Update') return undefined;
  const fields = fieldPaths(entry.fieldsV1).filter((path) =>
    /^(spec|metadata)(\.|\[|$)/.test(path),
  );
  return fields.length === 0 ? undefined : fields;
}

function toFinding(
  workload: InventoryWorkload,
  change: Change,
  current: OriginMatch | undefined,
  cutoff: string | undefined,
): Finding {
  const fields = [...change.fields];
  const shown = fields.slice(0, MAX_FIELDS_IN_MESSAGE).join(', ');
  const more =
    fields.length > MAX_FIELDS_IN_MESSAGE
      ? ` and ${fields.length - MAX_FIELDS_IN_MESSAGE} more`
      : '';
  const target = change.own
    ? 'the object'
    : change.objects.length === 1
      ? `pod ${change.objects[0] ?? ''}`
      : `${change.objects.length} pods (e.g. ${change.objects[0] ?? ''})`;
  const when = change.time === '' ? 'at an unknown time' : `at ${change.time}`;
  const after =
    cutoff === undefined ? 'not a deployer' : `after the attested deploy (signed ${cutoff})`;
  const source = current?.record.source;
  return finding(
    'DRIFT_MANUAL_CHANGE',
    `${displayKey(workload.ref)}: ${change.manager} (${[...change.operations].join('/')}) changed ${target} ${when}, ${after}: ${shown}${more}`,
    {
      ...(change.own ? {} : { pod: change.objects[0] ?? '' }),
      ...(source === undefined ? {} : { source: { path: source.path, line: source.line } }),
      details: {
        manager: change.manager,
        fields,
        ...(change.time === '' ? {} : { time: change.time }),
        operation: [...change.operations],
        ...(change.own ? {} : { pods: change.objects }),
      },
    },
  );
}

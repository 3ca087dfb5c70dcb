import { objectKey } from '@trailmark/core';
import type { Applier, Finding, KubeObject, NormalizedAlert, ObjectRef } from '@trailmark/core';
import { asRecord } from './kube-read.js';
import { NOT_A_PERSON } from './secret-origin.js';
import { alertTarget } from './alert-target.js';

/** Audit verbs that change an object. */
const MUTATING: ReadonlySet<string> = new Set([
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

/** Subresources whose requests do not change the object itself (`pods/exec` runs a command). */
const NON_MUTATING_SUBRESOURCES: ReadonlySet<string> = new Set([
  'exec',
  'attach',
  'portforward',
  'proxy',
  'log',
  'token',
  'eviction',
  'binding',
]);

/**
 * Who changed the live object after the attested deploy (design.md §3, the applier): verify's
 * DRIFT_MANUAL_CHANGE findings (field managers, their fields and latest time), then the audit
 * user of an audit alert that itself changes the object the incident is about. Without such an
 * audit user this is `earlier` itself (shared by the incidents of one subject: read-only).
 */
export function incidentAppliers(
  earlier: readonly Applier[],
  alert: NormalizedAlert,
  workload: ObjectRef | undefined,
  object: ObjectRef | undefined,
): readonly Applier[] {
  const audit = auditApplier(alert, workload, object);
  return audit === undefined ? earlier : [...earlier, audit];
}

/**
 * Who changed the object before the alert, from the cluster view: verify's DRIFT_MANUAL_CHANGE
 * findings (field managers outside the deployers after the attested deploy); and for an object no
 * pipeline deployed at all (no record, no `trailmark.dev/*` annotations — a `kubectl run` debug
 * pod), every field manager that is a person's tool rather than a controller or release tool.
 */
export function managedFieldsAppliers(
  findings: readonly Finding[],
  live: KubeObject | undefined,
  deployed: boolean,
): Applier[] {
  const drift = findings.flatMap((item) => {
    if (item.code !== 'DRIFT_MANUAL_CHANGE') return [];
    const applier = fromDetails(item.details);
    return applier === undefined ? [] : [applier];
  });
  if (deployed || drift.length > 0 || live === undefined) return drift;
  return (live.metadata.managedFields ?? []).flatMap((entry) =>
    entry.manager === undefined || !isPersonTool(entry.manager)
      ? []
      : [
          {
            manager: entry.manager,
            ...(entry.operation === undefined ? {} : { operation: entry.operation }),
            ...(entry.time === undefined ? {} : { time: entry.time }),
            fields: Object.keys(asRecord(entry.fieldsV1) ?? {}).map((key) =>
              key.replace(/^f:/, ''),
            ),
            via: 'managed-fields' as const,
          },
        ],
  );
}

// Controllers (`replicaset-controller`, `kubelet`, …) and release tools are not hand changes.
function isPersonTool(manager: string): boolean {
  return !NOT_A_PERSON.has(manager) && !/(controller|kubelet|scheduler)/.test(manager);
}

function fromDetails(details: Finding['details']): Applier | undefined {
  const manager = details?.manager;
  if (typeof manager !== 'string' || manager === '') return undefined;
  const fields = details?.fields;
  const operation = details?.operation;
  const time = details?.time;
  const operations = Array.isArray(operation) ? operation.join('/') : operation;
  return {
    manager,
    ...(operations === undefined || operations === '' ? {} : { operation: operations }),
    ...(typeof time === 'string' ? { time } : {}),
    fields: Array.isArray(fields) ? [...fields] : typeof fields === 'string' ? [fields] : [],
    via: 'managed-fields',
  };
}

// An audit event that creates, updates, patches or deletes the object the incident is about.
function auditApplier(
  alert: NormalizedAlert,
  workload: ObjectRef | undefined,
  object: ObjectRef | undefined,
): Applier | undefined {
  const verb = alert.format === 'k8s-audit' ? firstWord(alert.rule) : alert.fields?.['ka.verb'];
  if (verb === undefined || !MUTATING.has(verb)) return undefined;
  if (alert.user === undefined || alert.user === '') return undefined;
  const target = alertTarget(alert);
  if (target === undefined) return undefined;
  if (target.subresource !== undefined && NON_MUTATING_SUBRESOURCES.has(target.subresource))
    return undefined;
  const key = objectKey(target);
  const about = (ref: ObjectRef | undefined): boolean =>
    ref !== undefined && objectKey(ref) === key;
  if (!about(workload) && !about(object)) return undefined;
  return {
    manager: alert.impersonatedUser ?? alert.user,
    user: alert.user,
    operation: verb,
    ...(alert.time === undefined ? {} : { time: alert.time }),
    fields: [],
    via: 'audit',
  };
}

// The text up to the first space (the audit rule's verb), like `text.split(' ')[0]`.
function firstWord(text: string): string {
  const space = text.indexOf(' ');
  return space === -1 ? text : text.slice(0, space);
}

import { objectKey } from '@trailmark/core';
import type { Applier, Finding, NormalizedAlert, ObjectRef } from '@trailmark/core';
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
 * user of an audit alert that itself changes the object the incident is about.
 */
export function incidentAppliers(
  findings: readonly Finding[],
  alert: NormalizedAlert,
  about: readonly (ObjectRef | undefined)[],
): Applier[] {
  const appliers = findings.flatMap((item) => {
    if (item.code !== 'DRIFT_MANUAL_CHANGE') return [];
    const applier = fromDetails(item.details);
    return applier === undefined ? [] : [applier];
  });
  const audit = auditApplier(alert, about);
  return audit === undefined ? appliers : [...appliers, audit];
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
  about: readonly (ObjectRef | undefined)[],
): Applier | undefined {
  const verb = alert.format === 'k8s-audit' ? alert.rule.split(' ')[0] : alert.fields?.['ka.verb'];
  const target = alertTarget(alert);
  if (verb === undefined || !MUTATING.has(verb) || target === undefined) return undefined;
  if (alert.user === undefined || alert.user === '') return undefined;
  if (target.subresource !== undefined && NON_MUTATING_SUBRESOURCES.has(target.subresource))
    return undefined;
  const key = objectKey(target);
  if (!about.some((ref) => ref !== undefined && objectKey(ref) === key)) return undefined;
  return {
    manager: alert.impersonatedUser ?? alert.user,
    user: alert.user,
    operation: verb,
    ...(alert.time === undefined ? {} : { time: alert.time }),
    fields: [],
    via: 'audit',
  };
}

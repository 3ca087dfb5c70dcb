import type { Severity } from '@trailmark/core';
import { RBAC_RESOURCES } from './k8s-resources.js';

const READS = new Set(['get', 'list', 'watch']);
const WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
// Subresources that put a person inside a running pod or open a channel into it.
const POD_ENTRY = new Set(['exec', 'attach', 'portforward', 'ephemeralcontainers']);

/** What an audit request did, as {@link auditSeverity} reads it. */
export interface AuditAction {
  verb: string;
  resource?: string;
  subresource?: string;
  user?: string;
}

/**
 * The severity of an audited request. An audit event is a record, not a verdict, so this ranks
 * what the request could do:
 * - critical: a write by `system:anonymous`;
 * - high: entering a pod (`pods/exec`, `attach`, `portforward`, `ephemeralcontainers`), reading
 *   Secrets (`get`/`list`/`watch`), writing RBAC (roles, cluster roles and their bindings, also
 *   `bind`/`escalate`), requesting a service-account token, and `impersonate`;
 * - medium: any other write (`create`, `update`, `patch`, `delete`, `deletecollection`);
 * - low: other reads;
 * - info: anything else (non-resource requests, unknown verbs).
 */
export function auditSeverity(action: AuditAction): Severity {
  const { verb, resource = '', subresource = '' } = action;
  const write = WRITES.has(verb);
  if (write && action.user === 'system:anonymous') return 'critical';
  if (resource === 'pods' && POD_ENTRY.has(subresource)) return 'high';
  if (resource === 'secrets' && READS.has(verb)) return 'high';
  if (RBAC_RESOURCES.has(resource) && (write || verb === 'bind' || verb === 'escalate')) {
    return 'high';
  }
  if (resource === 'serviceaccounts' && subresource === 'token' && verb === 'create') return 'high';
  if (verb === 'impersonate') return 'high';
  if (write) return 'medium';
  if (READS.has(verb) && resource !== '') return 'low';
  return 'info';
}

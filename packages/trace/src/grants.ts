import type { KubeObject } from '@trailmark/core';
import { records, strings } from './kube-read.js';

const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch', '*']);
const MAX_RULES = 4;

/** What a binding's role allows, in one line, and whether that is elevated. */
export interface Grants {
  grants: string;
  risky: boolean;
}

/**
 * One line of what a role grants (`cluster-admin`, `* * on *`, `get,list secrets`), rules in
 * order, the first few shown. Risky as verify counts elevated RBAC: `cluster-admin`, a wildcard
 * verb or resource, or — bound cluster-wide — reading Secrets.
 */
export function grantsOf(
  roleKind: string,
  roleName: string,
  role: KubeObject | undefined,
  clusterWide: boolean,
): Grants {
  if (roleKind === 'ClusterRole' && roleName === 'cluster-admin')
    return { grants: 'cluster-admin', risky: true };
  if (role === undefined)
    return { grants: `${roleKind}/${roleName} (not in the cluster view)`, risky: false };
  const rules = records(role.rules);
  if (rules.length === 0) return { grants: 'nothing', risky: false };
  const lines = rules.slice(0, MAX_RULES).map(ruleLine);
  const more = rules.length > MAX_RULES ? `; and ${rules.length - MAX_RULES} more` : '';
  const risky = rules.some(
    (rule) =>
      strings(rule.verbs).includes('*') ||
      strings(rule.resources).includes('*') ||
      (clusterWide &&
        strings(rule.resources).includes('secrets') &&
        strings(rule.verbs).some((verb) => READ_VERBS.has(verb)) &&
        strings(rule.resourceNames).length === 0),
  );
  return { grants: `${lines.join('; ')}${more}`, risky };
}

// `get,list secrets`, `get secrets (shop-credentials)`, `* * on *`, `get /healthz`.
function ruleLine(rule: Record<string, unknown>): string {
  const verbs = strings(rule.verbs).join(',') || '(no verbs)';
  const urls = strings(rule.nonResourceURLs);
  if (urls.length > 0) return `${verbs} ${urls.join(',')}`;
  const resources = strings(rule.resources).join(',') || '(no resources)';
  const names = strings(rule.resourceNames);
  const groups = strings(rule.apiGroups).filter((group) => group !== '');
  return [
    `${verbs} ${resources}`,
    names.length === 0 ? '' : ` (${names.join(',')})`,
    groups.length === 0 ? '' : ` on ${groups.join(',')}`,
  ].join('');
}

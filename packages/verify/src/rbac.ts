import type { KubeObject, RiskFact } from '@trailmark/core';
import { records, strings, stringAt } from './kube-read.js';

/** One binding that gives a service account elevated rights. */
interface Elevation {
  kind: 'cluster-admin' | 'wildcard-rbac';
  detail: string;
}

const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch', '*']);

/**
 * Service accounts' elevated RBAC, indexed once per run: a RoleBinding or ClusterRoleBinding whose
 * subject is the service account (kind ServiceAccount, the `system:serviceaccount:<ns>:<name>`
 * user, or the `system:serviceaccounts` / `system:serviceaccounts:<ns>` groups) and whose role is
 * `cluster-admin`, has a wildcard rule (`*` in verbs or resources), or — bound cluster-wide —
 * reads Secrets (get, list or watch).
 */
export class RbacIndex {
  readonly #bySubject = new Map<string, Elevation[]>();
  readonly #accounts = new Map<string, KubeObject>();

  constructor(objects: readonly KubeObject[]) {
    const roles = new Map<string, KubeObject>();
    for (const object of objects) {
      if (object.kind === 'Role' || object.kind === 'ClusterRole')
        roles.set(roleKey(object.kind, object.metadata.namespace, object.metadata.name), object);
      if (object.kind === 'ServiceAccount')
        this.#accounts.set(`${object.metadata.namespace ?? ''}/${object.metadata.name}`, object);
    }
    for (const binding of objects) {
      if (binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') continue;
      const elevation = elevationOf(binding, roles);
      if (elevation === undefined) continue;
      for (const subject of subjectKeys(binding)) push(this.#bySubject, subject, elevation);
    }
  }

  /** The service account object, when the snapshot has it. */
  account(namespace: string, name: string): KubeObject | undefined {
    return this.#accounts.get(`${namespace}/${name}`);
  }

  /** Elevated-RBAC risk facts of a service account. */
  elevations(namespace: string, name: string): RiskFact[] {
    const found = [
      ...(this.#bySubject.get(`sa:${namespace}/${name}`) ?? []),
      ...(this.#bySubject.get(`group:${namespace}`) ?? []),
      ...(this.#bySubject.get('group:*') ?? []),
    ];
    return found.map((elevation) => ({
      kind: elevation.kind,
      detail: `service account ${namespace}/${name}: ${elevation.detail}`,
      risky: true,
    }));
  }
}

function elevationOf(
  binding: KubeObject,
  roles: ReadonlyMap<string, KubeObject>,
): Elevation | undefined {
  const roleKind = stringAt(binding, ['roleRef', 'kind']);
  const roleName = stringAt(binding, ['roleRef', 'name']);
  if (roleKind === undefined || roleName === undefined) return undefined;
  const namespace = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
  const scope = namespace === undefined ? 'cluster-wide' : `in namespace ${namespace}`;
  const path = `${binding.kind}/${binding.metadata.name} → ${roleKind}/${roleName}`;
  if (roleKind === 'ClusterRole' && roleName === 'cluster-admin')
    return { kind: 'cluster-admin', detail: `${path} (${scope})` };
  const role = roles.get(roleKey(roleKind, roleKind === 'Role' ? namespace : undefined, roleName));
  if (role === undefined) return undefined;
  const rules = records(role.rules);
  const wildcard = rules.find(
    (rule) => strings(rule.verbs).includes('*') || strings(rule.resources).includes('*'),
  );
  if (wildcard !== undefined) {
    const what = `verbs ${strings(wildcard.verbs).join(',')} on ${strings(wildcard.resources).join(',')}`;
    return { kind: 'wildcard-rbac', detail: `${path}: wildcard rule (${what}) ${scope}` };
  }
  if (binding.kind !== 'ClusterRoleBinding') return undefined;
  const secrets = rules.find(
    (rule) =>
      strings(rule.resources).includes('secrets') &&
      strings(rule.verbs).some((verb) => READ_VERBS.has(verb)) &&
      strings(rule.apiGroups).some((group) => group === '' || group === '*') &&
      strings(rule.resourceNames).length === 0,
  );
  if (secrets === undefined) return undefined;
  return {
    kind: 'wildcard-rbac',
    detail: `${path}: reads Secrets (${strings(secrets.verbs).join(',')}) cluster-wide`,
  };
}

// Keys of the service accounts a binding names.
function subjectKeys(binding: KubeObject): string[] {
  return records(binding.subjects).flatMap((subject) => {
    const kind = stringAt(subject, ['kind']);
    const name = stringAt(subject, ['name']) ?? '';
    if (kind === 'ServiceAccount') {
      const namespace = stringAt(subject, ['namespace']) ?? binding.metadata.namespace ?? '';
      return [`sa:${namespace}/${name}`];
    }
    if (kind === 'User' && name.startsWith('system:serviceaccount:')) {
      const [namespace, account] = name.slice('system:serviceaccount:'.length).split(':');
      return namespace !== undefined && account !== undefined ? [`sa:${namespace}/${account}`] : [];
    }
    if (kind === 'Group' && name === 'system:serviceaccounts') return ['group:*'];
    if (kind === 'Group' && name.startsWith('system:serviceaccounts:'))
      return [`group:${name.slice('system:serviceaccounts:'.length)}`];
    return [];
  });
}

function roleKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

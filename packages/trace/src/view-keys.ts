import type { KubeObject } from '@trailmark/core';
import { records, stringAt } from './kube-read.js';

// Keys the cluster view indexes by; one place so lookups and indexing agree.

/** `kind\nnamespace\nname` (namespace empty for cluster-scoped objects). */
export function nameKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\n${namespace ?? ''}\n${name}`;
}

/** The key of a service account as a binding subject. */
export function accountKey(namespace: string, name: string): string {
  return `sa:${namespace}/${name}`;
}

/**
 * Keys of the service accounts a binding names: kind ServiceAccount, the
 * `system:serviceaccount:<ns>:<name>` user, and the `system:serviceaccounts[:<ns>]` groups.
 */
export function subjectKeys(binding: KubeObject): string[] {
  return records(binding.subjects).flatMap((subject) => {
    const kind = stringAt(subject, ['kind']);
    const name = stringAt(subject, ['name']) ?? '';
    if (kind === 'ServiceAccount') {
      const namespace = stringAt(subject, ['namespace']) ?? binding.metadata.namespace ?? '';
      return [accountKey(namespace, name)];
    }
    if (kind === 'User' && name.startsWith('system:serviceaccount:')) {
      const [namespace, account] = name.slice('system:serviceaccount:'.length).split(':');
      return namespace !== undefined && account !== undefined
        ? [accountKey(namespace, account)]
        : [];
    }
    if (kind === 'Group' && name === 'system:serviceaccounts') return ['group:*'];
    if (kind === 'Group' && name.startsWith('system:serviceaccounts:'))
      return [`group:${name.slice('system:serviceaccounts:'.length)}`];
    return [];
  });
}

/** The key of the role a binding refers to (a RoleBinding's Role lives in its namespace). */
export function roleRefKey(binding: KubeObject): string | undefined {
  const kind = stringAt(binding, ['roleRef', 'kind']);
  const name = stringAt(binding, ['roleRef', 'name']);
  if (kind === undefined || name === undefined) return undefined;
  return nameKey(kind, kind === 'Role' ? binding.metadata.namespace : undefined, name);
}

/** Appends to a list in a map of lists. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

import { compareCodeUnits, objectKey } from '@trailmark/core';
import type { KubeObject, ObjectRef } from '@trailmark/core';
import type { AlertTarget } from './alert-target.js';
import { plainRef, refOf, type Resolution } from './resolution.js';
import { subjectKeys } from './view-keys.js';
import type { ClusterView } from './view.js';

/**
 * An alert on a Secret, ServiceAccount, Role/ClusterRole or (Cluster)RoleBinding resolves to
 * that object (named by the alert: no guess), and `usedBy` lists the top workloads that use it:
 * pods and templates referencing the Secret; running as the service account; running as a
 * service account the binding (or a binding of the role) names.
 */
export function resolveObject(target: AlertTarget, view: ClusterView): Resolution {
  const live = view.object(target.kind, target.namespace, target.name);
  const object = plainRef(live === undefined ? target : refOf(live));
  return { status: 'resolved', via: 'object', object, usedBy: usersOf(object, live, view) };
}

function usersOf(object: ObjectRef, live: KubeObject | undefined, view: ClusterView): ObjectRef[] {
  const namespace = object.namespace ?? '';
  switch (object.kind) {
    case 'Secret':
      return topsOf(view.secretUsers(namespace, object.name), view);
    case 'ServiceAccount':
      return topsOf(view.accountUsers(namespace, object.name), view);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return live === undefined ? [] : topsOf(bindingUsers([live], view), view);
    default:
      return topsOf(
        bindingUsers(view.bindingsOfRole(object.kind, object.namespace, object.name), view),
        view,
      );
  }
}

// Pods and templates running as a service account the bindings name (groups are left out: they
// would name every workload of a namespace or the cluster).
function bindingUsers(bindings: readonly KubeObject[], view: ClusterView): KubeObject[] {
  return bindings.flatMap((binding) =>
    subjectKeys(binding).flatMap((key) => {
      if (!key.startsWith('sa:')) return [];
      const [namespace = '', name = ''] = key.slice(3).split('/');
      return view.accountUsers(namespace, name);
    }),
  );
}

/** The distinct top workloads of pods and templates, sorted by kind/namespace/name. */
export function topsOf(objects: readonly KubeObject[], view: ClusterView): ObjectRef[] {
  const tops = new Map<string, ObjectRef>();
  for (const object of objects) {
    const ref = plainRef(refOf(view.topOf(object).object));
    tops.set(objectKey(ref), ref);
  }
  return [...tops.entries()].sort(([a], [b]) => compareCodeUnits(a, b)).map(([, ref]) => ref);
}

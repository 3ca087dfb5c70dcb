import { serviceAccountOf } from '@trailmark/core';
import type {
  BindingTrace,
  KubeObject,
  ServiceAccountTrace,
  SourceLocation,
} from '@trailmark/core';
import { grantsOf } from './grants.js';
import { stringAt } from './kube-read.js';
import { objectSource } from './object-source.js';
import type { LinkOptions } from './permalink.js';
import { plainRef, refOf } from './resolution.js';
import type { TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

/** Where the service account is named: a workload's record line, or the account's own source. */
export interface AccountPlace {
  at?: SourceLocation;
  url?: string;
}

/**
 * The service account a pod spec runs as (`default` when unset), where it is set, whether its
 * token is automounted (the pod's setting, else the account's, else true), and every binding
 * naming it with what the binding grants and the binding's own source line.
 */
export function serviceAccountTrace(
  namespace: string,
  spec: Record<string, unknown> | undefined,
  place: AccountPlace,
  view: ClusterView,
  evidence: TraceEvidence,
  links?: LinkOptions,
  used?: Set<string>,
  name = spec === undefined ? 'default' : (serviceAccountOf(spec) ?? 'default'),
): ServiceAccountTrace {
  const account = view.object('ServiceAccount', namespace, name);
  const podSetting = spec?.automountServiceAccountToken;
  const accountSetting = account?.automountServiceAccountToken;
  return {
    name,
    namespace,
    ...(place.at === undefined ? {} : { at: place.at }),
    ...(place.url === undefined ? {} : { url: place.url }),
    automountToken:
      typeof podSetting === 'boolean'
        ? podSetting
        : typeof accountSetting === 'boolean'
          ? accountSetting
          : true,
    bindings: view
      .bindingsFor(namespace, name)
      .map((binding) => bindingTrace(binding, view, evidence, links, used)),
  };
}

function bindingTrace(
  binding: KubeObject,
  view: ClusterView,
  evidence: TraceEvidence,
  links?: LinkOptions,
  used?: Set<string>,
): BindingTrace {
  const ref = plainRef(refOf(binding));
  const roleKind = stringAt(binding, ['roleRef', 'kind']) ?? '';
  const roleName = stringAt(binding, ['roleRef', 'name']) ?? '';
  const roleNamespace = roleKind === 'Role' ? ref.namespace : undefined;
  const role = view.object(roleKind, roleNamespace, roleName);
  const { grants, risky } = grantsOf(
    roleKind,
    roleName,
    role,
    binding.kind === 'ClusterRoleBinding',
  );
  const source = objectSource(ref, binding, evidence, links, used);
  return {
    ...ref,
    role: {
      kind: roleKind,
      ...(roleNamespace === undefined ? {} : { namespace: roleNamespace }),
      name: roleName,
    },
    grants,
    risky,
    ...(source.at === undefined ? {} : { at: source.at }),
    ...(source.url === undefined ? {} : { url: source.url }),
    owners: source.owners,
    verified: source.verified && source.at !== undefined,
  };
}

import { podSpecOf, serviceAccountOf } from '@trailmark/core';
import type { OriginObject, RiskFact } from '@trailmark/core';
import type { InventoryWorkload } from './inventory.js';
import { asRecord } from './kube-read.js';
import type { RbacIndex } from './rbac.js';
import { podSpecRisks } from './risk.js';

/**
 * The risk facts of a workload: those of its pod template (or bare Pod spec) and of every live
 * pod (a pod may differ from its template: an ephemeral debug container, a hand-made pod),
 * deduplicated; plus its service account's elevated RBAC and the automounted token, whose
 * `at` is the record's serviceAccount line.
 */
export function workloadRisks(
  workload: InventoryWorkload,
  record: OriginObject | undefined,
  rbac: RbacIndex,
): RiskFact[] {
  const template = podSpecOf(workload.object.kind, workload.object);
  const specs = [
    ...(template === undefined ? [] : [template]),
    ...workload.pods.flatMap((pod) => {
      const spec = asRecord(pod.spec);
      return spec === undefined || spec === template ? [] : [spec];
    }),
  ];
  const facts = new Map<string, RiskFact>();
  for (const spec of specs) {
    for (const fact of podSpecRisks(spec, record)) {
      const key = `${fact.kind}|${fact.detail}|${fact.container ?? ''}`;
      if (!facts.has(key)) facts.set(key, fact);
    }
  }
  const spec = specs[0];
  if (spec === undefined) return [...facts.values()];
  return [...facts.values(), ...accountRisks(workload, spec, record, rbac)];
}

function accountRisks(
  workload: InventoryWorkload,
  spec: Record<string, unknown>,
  record: OriginObject | undefined,
  rbac: RbacIndex,
): RiskFact[] {
  const namespace = workload.ref.namespace ?? '';
  const name = serviceAccountOf(spec) ?? 'default';
  const at = record?.serviceAccount?.at ?? record?.source;
  const located = (fact: RiskFact): RiskFact =>
    at === undefined ? fact : { ...fact, at: { path: at.path, line: at.line } };
  const elevated = rbac.elevations(namespace, name).map(located);
  const podSetting = spec.automountServiceAccountToken;
  const accountSetting = rbac.account(namespace, name)?.automountServiceAccountToken;
  const automount =
    typeof podSetting === 'boolean'
      ? podSetting
      : typeof accountSetting === 'boolean'
        ? accountSetting
        : true;
  if (!automount) return elevated;
  const token: RiskFact = located({
    kind: 'automount-token',
    detail: `token of service account ${namespace}/${name} automounted${elevated.length > 0 ? ' (elevated RBAC)' : ''}`,
    risky: elevated.length > 0,
  });
  return [...elevated, token];
}

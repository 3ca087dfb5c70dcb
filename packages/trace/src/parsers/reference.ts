import type { NormalizedAlert, SourceLocation } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import { kindOf } from './k8s-resources.js';
import { compact, namespaceName, objectName } from './values.js';

// kubectl's kind words (singular, plural and short names) → the resource plural.
const KIND_WORDS = new Map<string, string>();
for (const [resource, ...words] of [
  ['pods', 'pod', 'po'],
  ['deployments', 'deployment', 'deploy'],
  ['statefulsets', 'statefulset', 'sts'],
  ['daemonsets', 'daemonset', 'ds'],
  ['replicasets', 'replicaset', 'rs'],
  ['jobs', 'job'],
  ['cronjobs', 'cronjob', 'cj'],
  ['secrets', 'secret'],
  ['serviceaccounts', 'serviceaccount', 'sa'],
  ['configmaps', 'configmap', 'cm'],
  ['roles', 'role'],
  ['clusterroles', 'clusterrole'],
  ['rolebindings', 'rolebinding'],
  ['clusterrolebindings', 'clusterrolebinding'],
] as const) {
  for (const word of [resource, ...words]) KIND_WORDS.set(word, resource);
}

const CLUSTER_SCOPED = new Set(['clusterroles', 'clusterrolebindings']);
const USAGE = 'expected NAMESPACE/POD or KIND/NAME [-n NAMESPACE]';

/**
 * A plain reference as kubectl users write it — `NAMESPACE/POD`, `pod/NAME -n NS`,
 * `-n NS deployment/NAME`, `--namespace=NS sts/NAME`, `KIND.GROUP/NAME` — as a normalised alert
 * (format `reference`, rule `reference`, severity `info`). A first segment that is a kind word
 * (`pod`, `deploy`, `sts`, `ds`, `job`, `cj`, `secret`, `sa`, …) is a kind; otherwise it is the
 * namespace of a pod. A bare `NAME` is a pod. A pod sets `pod`; any other kind sets `object`.
 */
export function parseReference(
  text: string,
  at: SourceLocation = { path: '<argument>', line: 1 },
): NormalizedAlert {
  const fail = (why: string): never => {
    throw traceErrorAt('TRACE_ALERT_PARSE', at, `not a reference: ${why} (${USAGE})`);
  };
  const { target, namespace: flag } = splitArguments(
    text.trim().split(/\s+/).filter(Boolean),
    fail,
  );
  const parts = target.split('/');
  if (parts.length > 2 || parts.some((part) => part === '')) fail(`"${target.slice(0, 80)}"`);
  const [first = '', second] = parts;
  const resource = second === undefined ? 'pods' : KIND_WORDS.get(first.split('.')[0] ?? '');
  const name =
    objectName(second ?? first) ?? fail(`invalid name "${(second ?? first).slice(0, 80)}"`);
  const given = resource === undefined ? first : flag;
  const namespace =
    given === undefined
      ? undefined
      : (namespaceName(given) ?? fail(`invalid namespace "${given.slice(0, 80)}"`));
  if (resource === undefined && flag !== undefined && flag !== namespace) {
    fail(`namespace given twice ("${namespace ?? ''}" and "${flag}")`);
  }
  const kind = resource ?? 'pods';
  const scoped = CLUSTER_SCOPED.has(kind) ? undefined : namespace;
  return compact({
    format: 'reference',
    source: 'reference',
    rule: 'reference',
    severity: 'info',
    namespace: scoped,
    pod: kind === 'pods' ? name : undefined,
    object:
      kind === 'pods'
        ? undefined
        : compact({ ...kindOf(kind), namespace: scoped, name, resource: kind }),
    at,
  } satisfies NormalizedAlert);
}

// The one target word and the `-n`/`--namespace` value, in any order.
function splitArguments(
  words: string[],
  fail: (why: string) => never,
): { target: string; namespace?: string } {
  let target: string | undefined;
  let namespace: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const inline = /^(?:--namespace=|-n=?)(.+)$/.exec(word);
    let value: string | undefined;
    if (word === '-n' || word === '--namespace')
      value = words[++i] ?? fail(`${word} needs a value`);
    else if (inline !== null) value = inline[1];
    else if (word.startsWith('-')) fail(`unknown flag "${word.slice(0, 40)}"`);
    else if (target === undefined) target = word;
    else fail('more than one target');
    if (value !== undefined) {
      if (namespace !== undefined && namespace !== value) fail('namespace given twice');
      namespace = value;
    }
  }
  return { target: target ?? fail('empty'), namespace };
}

import type { NormalizedAlert } from '@trailmark/core';
import { kindOf } from './k8s-resources.js';
import { compact, digestIn, labelMap, namespaceName, objectName, text } from './values.js';

/** What Falco's `output_fields` say about the workload, the object and the user. */
export type FalcoSubject = Pick<
  NormalizedAlert,
  | 'namespace'
  | 'pod'
  | 'container'
  | 'containerId'
  | 'image'
  | 'digest'
  | 'user'
  | 'impersonatedUser'
  | 'object'
  | 'labels'
>;

/** The output fields {@link addFalcoSubject} maps; the others may be shown as `fields`. */
export const MAPPED_FALCO_FIELDS: ReadonlySet<string> = new Set([
  'evt.time',
  'k8s.ns.name',
  'k8s.pod.name',
  'k8s.pod.labels',
  'container.id',
  'container.name',
  'container.image',
  'container.image.repository',
  'container.image.tag',
  'container.image.digest',
  'user.name',
  'ka.target.namespace',
  'ka.target.name',
  'ka.target.resource',
  'ka.target.subresource',
  'ka.resp.name',
  'ka.user.name',
  'ka.impuser.name',
]);

/** A field value, with Falco's placeholders for "not available" read as absent. */
export function falcoValue(fields: Record<string, unknown>, key: string): string | undefined {
  const value = text(fields[key]);
  return value === undefined || value === '<NA>' || value === 'N/A' ? undefined : value;
}

/**
 * Adds the subject of a Falco event to `alert`, each member only when known: a pod (syscall
 * source) or an audited object (k8s_audit), the container, the user and the pod's labels.
 */
export function addFalcoSubject(alert: FalcoSubject, fields: Record<string, unknown>): void {
  const get = (key: string): string | undefined => falcoValue(fields, key);
  const containerId = get('container.id');
  const inContainer = containerId !== undefined && containerId !== 'host';
  const target = auditTarget(get);
  const namespace = namespaceName(get('k8s.ns.name')) ?? target.namespace;
  if (namespace !== undefined) alert.namespace = namespace;
  const pod = objectName(get('k8s.pod.name')) ?? target.pod;
  if (pod !== undefined) alert.pod = pod;
  if (inContainer) {
    const container = get('container.name');
    if (container !== undefined) alert.container = container;
    alert.containerId = containerId;
    const image = imageOf(get);
    if (image !== undefined) alert.image = image;
  }
  const digest = digestIn(get('container.image.digest'));
  if (digest !== undefined) alert.digest = digest;
  const user = get('ka.user.name') ?? get('user.name');
  if (user !== undefined) alert.user = user;
  const impersonated = get('ka.impuser.name');
  if (impersonated !== undefined) alert.impersonatedUser = impersonated;
  if (target.object !== undefined) alert.object = target.object;
  const labels = podLabels(fields);
  if (labels !== undefined) alert.labels = labels;
}

// `container.image` when Falco gives it whole, else `repository[:tag]`.
function imageOf(get: (key: string) => string | undefined): string | undefined {
  const whole = get('container.image');
  if (whole !== undefined) return whole;
  const repository = get('container.image.repository');
  if (repository === undefined) return undefined;
  const tag = get('container.image.tag');
  return tag === undefined ? repository : `${repository}:${tag}`;
}

// The k8saudit plugin's `ka.target.*`: the object, and the pod when the target is one.
function auditTarget(get: (key: string) => string | undefined): Partial<FalcoSubject> {
  const resource = get('ka.target.resource');
  const name = objectName(get('ka.target.name') ?? get('ka.resp.name'));
  const namespace = namespaceName(get('ka.target.namespace'));
  if (resource === undefined || name === undefined) return { namespace };
  const object = compact({
    ...kindOf(resource),
    namespace,
    name,
    resource,
    subresource: get('ka.target.subresource'),
  });
  return { namespace, object, pod: resource === 'pods' ? name : undefined };
}

// `k8s.pod.label[KEY]` / `k8s.pod.label.KEY` fields, and `k8s.pod.labels` as a list of `k:v`
// (newer Falco) or one string `(k:v, k:v)` (older).
function podLabels(fields: Record<string, unknown>): Record<string, string> | undefined {
  const pairs: [string, unknown][] = [];
  const all = fields['k8s.pod.labels'];
  const items = Array.isArray(all)
    ? all
    : typeof all === 'string'
      ? (all.startsWith('(') || all.endsWith(')') ? all.replace(/^\(|\)$/g, '') : all).split(',')
      : [];
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const colon = item.indexOf(':');
    if (colon > 0) pairs.push([item.slice(0, colon).trim(), item.slice(colon + 1).trim()]);
  }
  for (const key in fields) {
    if (!key.startsWith('k8s.pod.label')) continue;
    const match = /^k8s\.pod\.label(?:\[(.+)\]|\.(.+))$/.exec(key);
    const label = match?.[1] ?? match?.[2];
    const value = fields[key];
    if (label !== undefined && value !== '<NA>') pairs.push([label, value]);
  }
  return labelMap(pairs);
}

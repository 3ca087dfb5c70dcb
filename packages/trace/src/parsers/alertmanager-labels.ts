import type { NormalizedAlert, Severity } from '@trailmark/core';
import { compact, digestIn, namespaceName, objectName, text } from './values.js';

// Labels that name a workload, in the order one is preferred over another when several are set;
// kube-state-metrics names a Job `job_name` (`job` is the scrape job).
const WORKLOAD_LABELS: readonly (readonly [label: string, kind: string, apiVersion: string])[] = [
  ['deployment', 'Deployment', 'apps/v1'],
  ['statefulset', 'StatefulSet', 'apps/v1'],
  ['daemonset', 'DaemonSet', 'apps/v1'],
  ['cronjob', 'CronJob', 'batch/v1'],
  ['job_name', 'Job', 'batch/v1'],
  ['replicaset', 'ReplicaSet', 'apps/v1'],
  ['secret', 'Secret', 'v1'],
  ['serviceaccount', 'ServiceAccount', 'v1'],
];

const SEVERITY_OF_LABEL: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  emergency: 'critical',
  alert: 'critical',
  page: 'critical',
  fatal: 'critical',
  error: 'high',
  high: 'high',
  major: 'high',
  warning: 'medium',
  warn: 'medium',
  medium: 'medium',
  minor: 'medium',
  notice: 'low',
  low: 'low',
  info: 'info',
  informational: 'info',
  information: 'info',
  none: 'info',
  debug: 'info',
};

/**
 * An Alertmanager `severity` label (or falcosidekick's `priority`) as a trailmark severity:
 * critical/page → critical, error/high → high, warning → medium, notice/low → low,
 * info/none/debug → info; missing or unknown → medium (an alert fired, nothing says less).
 */
export function severityOfLabel(value: string | undefined): Severity {
  return SEVERITY_OF_LABEL[(value ?? '').toLowerCase()] ?? 'medium';
}

/** The labels {@link addLabelSubject} maps (the others may be shown as `fields`). */
export const MAPPED_LABELS: ReadonlySet<string> = new Set([
  'alertname',
  'severity',
  'priority',
  'namespace',
  'pod',
  'container',
  'image',
  'k8s_ns_name',
  'k8s_pod_name',
  'container_name',
  'container_id',
  'container_image_repository',
  'container_image_tag',
  'container_image_digest',
  'user_name',
  'ka_user_name',
  ...WORKLOAD_LABELS.map(([label]) => label),
]);

/**
 * What an alert's labels say about the workload: kube-state-metrics/cAdvisor labels (`namespace`,
 * `pod`, `container`, `deployment`, …) and, for alerts falcosidekick made from Falco events, the
 * output fields under their label-safe names (`k8s_ns_name`, `k8s_pod_name`, `container_id`, …).
 */
export function addLabelSubject(
  alert: Partial<NormalizedAlert>,
  labels: Record<string, string>,
): void {
  const namespace = namespaceName(labels.namespace) ?? namespaceName(labels.k8s_ns_name);
  if (namespace !== undefined) alert.namespace = namespace;
  const pod = objectName(labels.pod) ?? objectName(labels.k8s_pod_name);
  if (pod !== undefined) alert.pod = pod;
  const container = text(labels.container) ?? text(labels.container_name);
  if (container !== undefined) alert.container = container;
  const containerId = text(labels.container_id);
  if (containerId !== undefined) alert.containerId = containerId;
  const image = text(labels.image) ?? imageOf(labels);
  if (image !== undefined) alert.image = image;
  const digest = digestIn(labels.container_image_digest) ?? digestIn(labels.image);
  if (digest !== undefined) alert.digest = digest;
  const user = text(labels.ka_user_name) ?? text(labels.user_name);
  if (user !== undefined) alert.user = user;
  const object = workloadOf(labels, namespace);
  if (object !== undefined) alert.object = object;
}

// `repository[:tag]` of falcosidekick's `container_image_*` labels.
function imageOf(labels: Record<string, string>): string | undefined {
  const repository = text(labels.container_image_repository);
  const tag = text(labels.container_image_tag);
  return repository === undefined ? undefined : [repository, tag].filter(Boolean).join(':');
}

function workloadOf(
  labels: Record<string, string>,
  namespace: string | undefined,
): NormalizedAlert['object'] {
  for (const [label, kind, apiVersion] of WORKLOAD_LABELS) {
    const name = objectName(labels[label]);
    if (name !== undefined) return compact({ apiVersion, kind, namespace, name });
  }
  return undefined;
}

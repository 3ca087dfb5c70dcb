import type { NormalizedAlert, Severity } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import { isJsonObject, type AlertDocument, type JsonObject } from './document.js';
import {
  boundedFields,
  put,
  digestIn,
  labelMap,
  namespaceName,
  objectName,
  rfc3339,
  text,
} from './values.js';

// Policy-driven hooks: they fire because someone wrote a TracingPolicy for them.
const HOOK_EVENTS = new Set([
  'process_kprobe',
  'process_tracepoint',
  'process_uprobe',
  'process_lsm',
  'process_usdt',
]);
// Actions with which a policy acted on the process rather than only reporting it.
const ENFORCING_ACTIONS = /SIGKILL|OVERRIDE|NOTIFY_ENFORCER|SIGNAL/;

/** The event type of a Tetragon JSON event (`process_exec`, `process_kprobe`, …), if it is one. */
export function tetragonEventType(value: JsonObject): string | undefined {
  // (Own keys in `Object.keys` order; most documents of other formats have no `process_` key.)
  for (const key in value) {
    if (!key.startsWith('process_') || !Object.hasOwn(value, key)) continue;
    const member = value[key];
    if (EVENT_TYPE.test(key) && isJsonObject(member) && isJsonObject(member.process)) return key;
  }
  return undefined;
}

const EVENT_TYPE = /^process_[a-z_]+$/;

/**
 * A Tetragon JSON event (`tetra getevents -o json`, the export file) as a normalised alert. Rule:
 * the event type, plus `policy_name` and `function_name` when given (`process_kprobe
 * enforce-nsenter __x64_sys_setns`). Severity (Tetragon has none): an enforcing action (SIGKILL,
 * override) → high; a policy hook (kprobe, tracepoint, uprobe, LSM) → medium; `process_exec` and
 * network events → low; `process_exit` and the rest → info.
 */
export function parseTetragonEvent(doc: AlertDocument): NormalizedAlert[] {
  const type = tetragonEventType(doc.value);
  if (type === undefined) {
    throw traceErrorAt(
      'TRACE_ALERT_PARSE',
      doc.at,
      'not a Tetragon event: no "process_*" member with a "process"',
    );
  }
  const event = doc.value[type] as JsonObject;
  const proc = event.process as JsonObject; // Tetragon's process, not Node's
  const pod = isJsonObject(proc.pod) ? proc.pod : {};
  const container = isJsonObject(pod.container) ? pod.container : {};
  const image = isJsonObject(container.image) ? container.image : {};
  const parent = isJsonObject(event.parent) ? event.parent : {};
  const policy = text(event.policy_name);
  const functionName = text(event.function_name);
  // Members in the alert's order, optional ones only when present.
  const alert = {
    format: 'tetragon',
    source: 'tetragon',
    rule: [type, policy, functionName].filter(Boolean).join(' '),
    severity: severityOf(type, text(event.action)),
  } as NormalizedAlert;
  put(alert, 'time', rfc3339(doc.value.time));
  put(alert, 'id', text(proc.exec_id));
  put(alert, 'namespace', namespaceName(pod.namespace));
  put(alert, 'pod', objectName(pod.name));
  put(alert, 'container', text(container.name));
  put(alert, 'containerId', text(container.id));
  put(alert, 'image', text(image.name));
  put(alert, 'digest', digestIn(image.id));
  if (isJsonObject(pod.pod_labels)) put(alert, 'labels', labelMap(Object.entries(pod.pod_labels)));
  put(
    alert,
    'fields',
    boundedFields([
      ['binary', proc.binary],
      ['arguments', proc.arguments],
      ['parent.binary', parent.binary],
      ['uid', proc.uid],
      ['cwd', proc.cwd],
      ['action', event.action],
      ['destination', destination(event)],
      ['workload', workload(pod)],
      ['node_name', doc.value.node_name],
    ]),
  );
  alert.at = doc.at;
  return [alert];
}

function severityOf(type: string, action: string | undefined): Severity {
  if (action !== undefined && ENFORCING_ACTIONS.test(action)) return 'high';
  if (HOOK_EVENTS.has(type)) return 'medium';
  if (type === 'process_exec' || type === 'process_connect' || type === 'process_listen')
    return 'low';
  return 'info';
}

function destination(event: JsonObject): string | undefined {
  const ip = text(event.destination_ip);
  return ip === undefined ? undefined : `${ip}:${text(event.destination_port) ?? ''}`;
}

// Newer Tetragon names the pod's top workload (`workload`, `workload_kind`): shown, not trusted.
function workload(pod: JsonObject): string | undefined {
  const name = text(pod.workload);
  return name === undefined ? undefined : `${text(pod.workload_kind) ?? 'workload'}/${name}`;
}

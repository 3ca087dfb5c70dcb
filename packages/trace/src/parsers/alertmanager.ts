import type { NormalizedAlert } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import { isJsonObject, type AlertDocument, type JsonObject } from './document.js';
import { MAPPED_LABELS, addLabelSubject, severityOfLabel } from './alertmanager-labels.js';
import { BoundedFields, rfc3339, text } from './values.js';

/** True for an Alertmanager webhook payload (`version: "4"`, an `alerts` list). */
export function isAlertmanagerWebhook(value: JsonObject): boolean {
  return (
    Array.isArray(value.alerts) &&
    (value.version === '4' || 'receiver' in value || 'groupKey' in value)
  );
}

/**
 * True for one alert of Alertmanager's API (`labels` with `alertname`, as `amtool` prints or
 * falcosidekick posts them); a top-level array of them is read alert by alert.
 */
export function isAlertmanagerAlert(value: JsonObject): boolean {
  return isJsonObject(value.labels) && typeof value.labels.alertname === 'string';
}

/**
 * An Alertmanager webhook payload (v4) — or one API alert — as normalised alerts, one per alert,
 * each `at` the line where that alert starts. `alertname` → rule, `severity` → severity,
 * `fingerprint` → id, `startsAt` → time, `summary` (else `description`) → message.
 */
export function parseAlertmanagerDocument(doc: AlertDocument): NormalizedAlert[] {
  const value = doc.value;
  if (isAlertmanagerAlert(value)) return [alertOf(value, doc.at, undefined)];
  if (!Array.isArray(value.alerts)) {
    throw traceErrorAt(
      'TRACE_ALERT_PARSE',
      doc.at,
      'not an Alertmanager webhook payload: no "alerts" list',
    );
  }
  const status = value.status;
  return value.alerts.map((alert: unknown, index) => {
    const at = { path: doc.at.path, line: doc.itemLine('alerts', index) };
    if (!isJsonObject(alert) || !isJsonObject(alert.labels)) {
      throw traceErrorAt('TRACE_ALERT_PARSE', at, 'not an Alertmanager alert: no "labels" object');
    }
    return alertOf(alert, at, status);
  });
}

function alertOf(
  alert: JsonObject,
  at: NormalizedAlert['at'],
  groupStatus: unknown,
): NormalizedAlert {
  const labels = stringLabels(alert.labels);
  const annotations = stringLabels(alert.annotations);
  const priority = text(labels.severity) ?? text(labels.priority);
  const status = alert.status ?? groupStatus;
  const summary = text(annotations.summary);
  const description = text(annotations.description);
  // Members in the alert's order, optional ones only when present.
  const out = {
    format: 'alertmanager',
    source: labels.source === 'falco' ? (text(labels.eventsource) ?? 'falco') : 'alertmanager',
    rule: text(labels.alertname) ?? '',
  } as NormalizedAlert;
  if (priority !== undefined) out.priority = priority;
  out.severity = severityOfLabel(priority);
  const time = rfc3339(alert.startsAt);
  if (time !== undefined) out.time = time;
  const id = text(alert.fingerprint);
  if (id !== undefined) out.id = id;
  if (status === 'firing' || status === 'resolved') out.status = status;
  const message = summary ?? description;
  if (message !== undefined) out.message = message;
  addLabelSubject(out, labels);
  // The description when the summary is the message, the runbook, then the other labels by key.
  const fields = new BoundedFields();
  let open = summary === undefined || fields.add('description', description);
  if (open) open = fields.add('runbook_url', annotations.runbook_url);
  if (open) {
    const rest: string[] = [];
    for (const key in labels) if (!MAPPED_LABELS.has(key)) rest.push(key);
    rest.sort();
    for (const key of rest) if (!fields.add(key, labels[key])) break;
  }
  const shown = fields.result();
  if (shown !== undefined) out.fields = shown;
  out.at = at;
  return out;
}

// Labels and annotations are string maps; anything else in them is dropped.
function stringLabels(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(value)) return out;
  for (const key in value) {
    const member = value[key];
    if (typeof member === 'string' && Object.hasOwn(value, key)) out[key] = member;
  }
  return out;
}

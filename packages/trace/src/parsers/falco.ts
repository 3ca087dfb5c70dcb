import type { AlertFormat, NormalizedAlert } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import { isJsonObject, type AlertDocument, type JsonObject } from './document.js';
import { MAPPED_FALCO_FIELDS, addFalcoSubject, falcoValue } from './falco-fields.js';
import { severityOfFalcoPriority } from './falco-priority.js';
import { BoundedFields, rfc3339, text } from './values.js';

// Output fields shown first when an event has more than fit.
const PREFERRED_FIELDS = [
  'proc.cmdline',
  'proc.name',
  'proc.exepath',
  'proc.pname',
  'fd.name',
  'evt.type',
  'ka.verb',
  'ka.uri',
  'ka.uri.param[command]',
  'ka.response.code',
];

/** True when `value` has the shape of a Falco JSON event: a `rule` and an output or priority. */
export function isFalcoEvent(value: JsonObject): boolean {
  return (
    typeof value.rule === 'string' &&
    (typeof value.output === 'string' ||
      typeof value.priority === 'string' ||
      isJsonObject(value.output_fields))
  );
}

/**
 * True for Falco's own events (`Falco internal: metrics snapshot`, `… syscall event drop`): they
 * are about Falco, not a workload, and are skipped.
 */
export function isFalcoInternal(value: JsonObject): boolean {
  return typeof value.rule === 'string' && value.rule.startsWith('Falco internal:');
}

/**
 * A Falco JSON event (`json_output: true`, one object; `source` `syscall`, `k8s_audit`, …) as a
 * normalised alert; an internal Falco event gives none. `format` is `falcosidekick` when the
 * event came through falcosidekick (the parser is the same).
 */
export function parseFalcoEvent(
  doc: AlertDocument,
  format: Extract<AlertFormat, 'falco' | 'falcosidekick'> = 'falco',
): NormalizedAlert[] {
  const event = doc.value;
  if (!isFalcoEvent(event)) {
    const what = format === 'falco' ? 'a Falco event' : 'a falcosidekick payload';
    throw traceErrorAt('TRACE_ALERT_PARSE', doc.at, `not ${what}: ${missing(event)}`);
  }
  if (isFalcoInternal(event)) return [];
  const fields = isJsonObject(event.output_fields) ? event.output_fields : {};
  const priority = text(event.priority);
  // Members in the alert's order, optional ones only when present.
  const alert: NormalizedAlert = {
    format,
    source: text(event.source) ?? 'syscall',
    rule: text(event.rule) ?? '',
  } as NormalizedAlert;
  if (priority !== undefined) alert.priority = priority;
  alert.severity = severityOfFalcoPriority(priority);
  const time = rfc3339(event.time) ?? timeOfNanoseconds(fields['evt.time']);
  if (time !== undefined) alert.time = time;
  const id = text(event.uuid);
  if (id !== undefined) alert.id = id;
  const message = text(event.output);
  if (message !== undefined) alert.message = message;
  addFalcoSubject(alert, fields);
  const shown = otherFields(event, fields);
  if (shown !== undefined) alert.fields = shown;
  alert.at = doc.at;
  return [alert];
}

// Why a document is not a Falco event, in a few words.
function missing(event: JsonObject): string {
  if (typeof event.rule !== 'string') return 'no "rule" string';
  return 'no "output", "priority" or "output_fields"';
}

// `evt.time` in nanoseconds since the epoch, as RFC 3339 (used when `time` is missing).
function timeOfNanoseconds(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const date = new Date(Math.floor(value / 1e6));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// The output fields not mapped onto the alert, preferred ones first, then hostname and tags.
function otherFields(
  event: JsonObject,
  fields: Record<string, unknown>,
): Record<string, string> | undefined {
  const rest: string[] = [];
  for (const key in fields)
    if (
      !MAPPED_FALCO_FIELDS.has(key) &&
      !key.startsWith('k8s.pod.label') &&
      Object.hasOwn(fields, key)
    )
      insertByRank(rest, key);
  const shown = new BoundedFields();
  for (const key of rest) if (!shown.add(key, falcoValue(fields, key))) return shown.result();
  if (!shown.add('hostname', event.hostname)) return shown.result();
  if (Array.isArray(event.tags))
    shown.add(
      'tags',
      event.tags.filter((t) => typeof t === 'string'),
    );
  return shown.result();
}

/** Each preferred field's place. */
const RANK: ReadonlyMap<string, number> = new Map(PREFERRED_FIELDS.map((key, at) => [key, at]));

// Adds `key` to the keys in rank order (a handful per event: no sort's copy of the list).
function insertByRank(keys: string[], key: string): void {
  let at = keys.length;
  keys.push(key);
  for (; at > 0 && byRank(keys[at - 1] as string, key) > 0; at--) keys[at] = keys[at - 1] as string;
  keys[at] = key;
}

// Preferred fields first, in their order; then the others by code unit.
function byRank(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function rank(key: string): number {
  return RANK.get(key) ?? PREFERRED_FIELDS.length;
}

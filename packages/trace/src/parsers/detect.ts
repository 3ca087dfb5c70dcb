import type { AlertFormat, NormalizedAlert } from '@trailmark/core';
import {
  isAlertmanagerAlert,
  isAlertmanagerWebhook,
  parseAlertmanagerDocument,
} from './alertmanager.js';
import type { AlertDocument, JsonObject } from './document.js';
import { isFalcoEvent, parseFalcoEvent } from './falco.js';
import { isFalcosidekickPayload, parseFalcosidekickPayload } from './falcosidekick.js';
import { isAuditEvent, isAuditEventList, parseAuditDocument } from './k8s-audit.js';
import { parseTetragonEvent, tetragonEventType } from './tetragon.js';

/** The formats read from JSON documents (a plain reference is not JSON). */
export type JsonAlertFormat = Exclude<AlertFormat, 'reference'>;

/** The parser of each JSON format. */
export const PARSERS: Readonly<Record<JsonAlertFormat, (doc: AlertDocument) => NormalizedAlert[]>> =
  {
    falco: (doc) => parseFalcoEvent(doc, 'falco'),
    falcosidekick: parseFalcosidekickPayload,
    'k8s-audit': parseAuditDocument,
    alertmanager: parseAlertmanagerDocument,
    tetragon: parseTetragonEvent,
  };

/** How each format is named in messages (`not a Falco event`). */
export const FORMAT_NAMES: Readonly<Record<AlertFormat, string>> = {
  falco: 'Falco event',
  falcosidekick: 'falcosidekick payload',
  'k8s-audit': 'Kubernetes audit Event',
  alertmanager: 'Alertmanager webhook payload',
  tetragon: 'Tetragon event',
  reference: 'reference',
};

/**
 * The format of one JSON document, by shape: `kind: Event`/`EventList` with a verb → audit; an
 * `alerts` list or a labelled `alertname` → Alertmanager; a `process_*` member holding a
 * `process` → Tetragon; a `rule` with an output or priority → Falco, or falcosidekick when it
 * carries sidekick's traits. Undefined when none fits.
 */
export function detectFormat(value: JsonObject): JsonAlertFormat | undefined {
  if (isAuditEvent(value) || isAuditEventList(value)) return 'k8s-audit';
  if (isAlertmanagerWebhook(value) || isAlertmanagerAlert(value)) return 'alertmanager';
  if (tetragonEventType(value) !== undefined) return 'tetragon';
  if (isFalcoEvent(value)) return isFalcosidekickPayload(value) ? 'falcosidekick' : 'falco';
  return undefined;
}

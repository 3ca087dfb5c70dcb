import type { NormalizedAlert } from '@trailmark/core';
import { traceErrorAt } from '../error.js';
import { auditSeverity } from './audit-severity.js';
import { documentOnLine, isJsonObject, type AlertDocument, type JsonObject } from './document.js';
import { kindOf } from './k8s-resources.js';
import {
  boundedFields,
  put,
  labelMap,
  namespaceName,
  objectName,
  rfc3339,
  text,
} from './values.js';

/** True for a Kubernetes audit `Event` (`audit.k8s.io/v1`, or v1beta1 and older captures). */
export function isAuditEvent(value: JsonObject): boolean {
  return (
    value.kind === 'Event' &&
    typeof value.verb === 'string' &&
    (typeof value.auditID === 'string' || typeof value.stage === 'string')
  );
}

/** True for an audit `EventList`. */
export function isAuditEventList(value: JsonObject): boolean {
  return value.kind === 'EventList' && Array.isArray(value.items);
}

/**
 * A Kubernetes audit `Event` or `EventList` as normalised alerts, one per event; each `at` is the
 * line where that event starts. Rule: `verb resource[/subresource]` (`create pods/exec`), or
 * `verb PATH` for a non-resource request (`get /healthz`).
 */
export function parseAuditDocument(doc: AlertDocument): NormalizedAlert[] {
  const value = doc.value;
  if (isAuditEventList(value)) {
    const items = value.items as unknown[];
    return items.map((item, index) => {
      const at = { path: doc.at.path, line: doc.itemLine('items', index) };
      if (!isJsonObject(item))
        throw traceErrorAt(
          'TRACE_ALERT_PARSE',
          at,
          'not a Kubernetes audit Event: not a JSON object',
        );
      return auditAlert(documentOnLine(item, at));
    });
  }
  return [auditAlert(doc)];
}

function auditAlert(doc: AlertDocument): NormalizedAlert {
  const event = doc.value;
  if (!isAuditEvent(event)) {
    const why =
      event.kind !== 'Event'
        ? `"kind" is ${JSON.stringify(event.kind ?? null)}, not "Event"`
        : 'no "verb", "auditID" or "stage"';
    throw traceErrorAt('TRACE_ALERT_PARSE', doc.at, `not a Kubernetes audit Event: ${why}`);
  }
  const verb = text(event.verb) ?? '';
  const ref = isJsonObject(event.objectRef) ? event.objectRef : {};
  const resource = text(ref.resource);
  const subresource = text(ref.subresource);
  const user = text(userOf(event.user));
  const namespace = namespaceName(ref.namespace);
  const name = objectName(ref.name) ?? createdName(event, resource);
  const target =
    resource === undefined
      ? requestPath(event)
      : subresource === undefined
        ? resource
        : `${resource}/${subresource}`;
  // Members in the alert's order, optional ones only when present.
  const alert = {
    format: 'k8s-audit',
    source: 'k8s_audit',
    rule: `${verb} ${target ?? ''}`.trim(),
    severity: auditSeverity({ verb, resource, subresource, user }),
  } as NormalizedAlert;
  const time =
    rfc3339(event.stageTimestamp) ??
    rfc3339(event.requestReceivedTimestamp) ??
    rfc3339(event.timestamp);
  if (time !== undefined) alert.time = time;
  const id = text(event.auditID);
  if (id !== undefined) alert.id = id;
  if (namespace !== undefined) alert.namespace = namespace;
  if (resource === 'pods' && name !== undefined) alert.pod = name;
  if (user !== undefined) alert.user = user;
  const impersonated = text(userOf(event.impersonatedUser));
  if (impersonated !== undefined) alert.impersonatedUser = impersonated;
  if (name !== undefined && resource !== undefined)
    alert.object = auditObject(ref, resource, namespace, name, subresource);
  const labels = resource === 'pods' ? podLabels(event) : undefined;
  if (labels !== undefined) alert.labels = labels;
  const fields = auditFields(event);
  if (fields !== undefined) alert.fields = fields;
  alert.at = doc.at;
  return alert;
}

// The request's URI, response code, authorization decision, source IPs, user agent and stage.
function auditFields(event: JsonObject): Record<string, string> | undefined {
  const responseCode = isJsonObject(event.responseStatus) ? event.responseStatus.code : undefined;
  const decision = isJsonObject(event.annotations)
    ? event.annotations['authorization.k8s.io/decision']
    : undefined;
  return boundedFields([
    ['requestURI', event.requestURI],
    ['responseStatus.code', responseCode],
    ['authorization.decision', decision],
    ['sourceIPs', event.sourceIPs],
    ['userAgent', event.userAgent],
    ['stage', event.stage],
  ]);
}

function userOf(value: unknown): unknown {
  return isJsonObject(value) ? value.username : undefined;
}

// Kind and apiVersion: the event's own `apiGroup`/`apiVersion` when given, else the known table.
// The audited object: kind and apiVersion (the objectRef's, else the resource's), then the
// namespace, name, resource and subresource; members only when present.
function auditObject(
  ref: JsonObject,
  resource: string,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
): NonNullable<NormalizedAlert['object']> {
  const known = kindOf(resource);
  const version = text(ref.apiVersion);
  const group = version === undefined ? undefined : text(ref.apiGroup);
  const object = { kind: known.kind } as NonNullable<NormalizedAlert['object']>;
  put(
    object,
    'apiVersion',
    version === undefined
      ? known.apiVersion
      : group === undefined
        ? version
        : `${group}/${version}`,
  );
  put(object, 'namespace', namespace);
  object.name = name;
  object.resource = resource;
  put(object, 'subresource', subresource);
  return object;
}

// A `create` names no object in objectRef: the name is in the response (or the request).
// Only metadata is read: a Secret's request body holds its data.
function createdName(event: JsonObject, resource: string | undefined): string | undefined {
  if (resource === undefined) return undefined;
  return (
    objectName(metadataOf(event.responseObject)?.name) ??
    objectName(metadataOf(event.requestObject)?.name)
  );
}

function podLabels(event: JsonObject): Record<string, string> | undefined {
  const labels =
    metadataOf(event.responseObject)?.labels ?? metadataOf(event.requestObject)?.labels;
  return isJsonObject(labels) ? labelMap(Object.entries(labels)) : undefined;
}

function metadataOf(object: unknown): JsonObject | undefined {
  return isJsonObject(object) && isJsonObject(object.metadata) ? object.metadata : undefined;
}

// The path of a non-resource request (`/healthz`), without its query.
function requestPath(event: JsonObject): string | undefined {
  return text(event.requestURI)?.split('?')[0];
}

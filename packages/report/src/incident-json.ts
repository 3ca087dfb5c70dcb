import type { Incident } from '@trailmark/core';
import { scrubbed } from './incident-scrub.js';

/**
 * One incident as JSON (`schemas/incident.v1.schema.json`; the body of a webhook escalation):
 * 2-space indented, one trailing newline, keys in a stable order (`schema` first, then code-unit
 * order, at every level; lists in the order trace gave them), secret shapes scrubbed, bundle
 * predicates left out.
 */
export function renderIncidentJson(incident: Incident): string {
  return incidentJsonText(incident);
}

/** Any document made of incidents (a trace result), written as {@link renderIncidentJson} does. */
export function incidentJsonText(document: object): string {
  return `${JSON.stringify(scrubbed(document), null, 2)}\n`;
}

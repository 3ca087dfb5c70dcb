import type { NormalizedAlert } from '@trailmark/core';
import type { AlertDocument, JsonObject } from './document.js';
import { parseFalcoEvent } from './falco.js';

/**
 * True when a Falco-shaped event shows falcosidekick's hand. falcosidekick posts the Falco event
 * it received as is (`types.FalcoPayload`), but always sets `uuid` (a fresh UUID per event, which
 * Falco itself never writes) and, when Falco sent no `source`, sets `syscalls` (Falco writes
 * `syscall`). A Falco event relayed without either trait cannot be told apart from one read from
 * Falco directly, and is reported as `falco`.
 */
export function isFalcosidekickPayload(value: JsonObject): boolean {
  return typeof value.uuid === 'string' || value.source === 'syscalls';
}

/**
 * A falcosidekick webhook payload as a normalised alert (`uuid` → `id`); the Falco parser does the
 * work, so every Falco field is read the same way.
 */
export function parseFalcosidekickPayload(doc: AlertDocument): NormalizedAlert[] {
  return parseFalcoEvent(doc, 'falcosidekick');
}

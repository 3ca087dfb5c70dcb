import { sha256Hex, toCanonicalJson, type NormalizedAlert } from '@trailmark/core';

/**
 * The job id of an alert: `sha256:` over the alert's format and its producer's id — for
 * Alertmanager the alert `fingerprint` with `startsAt` and `status` (one alert fires and resolves
 * under one fingerprint, and fires again later) — or, without an id, over the alert's canonical
 * JSON less where it sat in the request. So a sender's retry of the same alert is a duplicate.
 */
export function jobIdOf(alert: NormalizedAlert): string {
  // Where the alert sat in the request (and a rules file's line) is not the alert.
  const content = Object.fromEntries(
    Object.entries(alert).filter(([key]) => key !== 'at' && key !== 'ruleAt'),
  );
  const identity =
    alert.id === undefined
      ? { format: alert.format, alert: content }
      : alert.format === 'alertmanager'
        ? { format: alert.format, id: alert.id, startsAt: alert.time, status: alert.status }
        : { format: alert.format, id: alert.id };
  return `sha256:${sha256Hex(toCanonicalJson(identity))}`;
}

import { hash } from 'node:crypto';
import { toCanonicalJson, type NormalizedAlert } from '@trailmark/core';

/**
 * The job id of an alert: `sha256:` over the alert's format and its producer's id — for
 * Alertmanager the alert `fingerprint` with `startsAt` and `status` (one alert fires and resolves
 * under one fingerprint, and fires again later) — or, without an id, over the alert's canonical
 * JSON less where it sat in the request. So a sender's retry of the same alert is a duplicate.
 */
export function jobIdOf(alert: NormalizedAlert): string {
  const identity =
    alert.id === undefined
      ? { format: alert.format, alert: contentOf(alert) }
      : alert.format === 'alertmanager'
        ? { format: alert.format, id: alert.id, startsAt: alert.time, status: alert.status }
        : { format: alert.format, id: alert.id };
  // One-shot hash (the same hex as core's sha256Hex), without a Hash object per alert.
  return `sha256:${hash('sha256', toCanonicalJson(identity))}`;
}

// The alert less where it sat in the request (and a rules file's line), which is not the alert;
// built only for an alert without a producer id.
function contentOf(alert: NormalizedAlert): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(alert).filter(([key]) => key !== 'at' && key !== 'ruleAt'),
  );
}

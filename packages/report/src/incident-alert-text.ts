import type { NormalizedAlert } from '@trailmark/core';
import { workloadKey } from './format.js';

// What an alert said, as plain strings for the incident renderers (which make them inert or
// escape them): every part of it was written by whoever or whatever triggered the alert.

/** `Notice → medium, falco/syscall, <time>` */
export function alertHeadline(alert: NormalizedAlert): string {
  const priority =
    alert.priority === undefined ? alert.severity : `${alert.priority} → ${alert.severity}`;
  const parts = [priority, `${alert.format}/${alert.source}`];
  if (alert.status !== undefined) parts.push(alert.status);
  if (alert.time !== undefined) parts.push(alert.time);
  return parts.join(', ');
}

/** Where the alert points: `pod shop/api-…, container api, image …, user jane as bob`. */
export function alertTarget(alert: NormalizedAlert): string | undefined {
  const parts: string[] = [];
  if (alert.pod !== undefined)
    parts.push(`pod ${[alert.namespace, alert.pod].filter(Boolean).join('/')}`);
  else if (alert.namespace !== undefined) parts.push(`namespace ${alert.namespace}`);
  if (alert.object !== undefined) {
    const sub = alert.object.subresource === undefined ? '' : `/${alert.object.subresource}`;
    parts.push(`object ${workloadKey(alert.object)}${sub}`);
  }
  if (alert.container !== undefined) parts.push(`container ${alert.container}`);
  if (alert.image !== undefined) parts.push(`image ${alert.image}`);
  if (alert.digest !== undefined) parts.push(`digest ${alert.digest}`);
  if (alert.user !== undefined)
    parts.push(
      `user ${alert.user}${alert.impersonatedUser === undefined ? '' : ` as ${alert.impersonatedUser}`}`,
    );
  return parts.length === 0 ? undefined : parts.join(', ');
}

import type { VerifyReport } from '@trailmark/core';

/** Markup no renderer writes itself: if it shows up unescaped, a value got through raw. */
export const PAYLOAD = `<trailmark-evil onclick="x()">'"&amp;|*_[a](https://evil.example)\u001b[31m\u202e`;

/**
 * The report with the payload appended to every string value, enums, digests, URLs and times
 * included: what a renderer must survive when any field is attacker-controlled.
 */
export function poisoned(report: VerifyReport): VerifyReport {
  return poison(report) as VerifyReport;
}

function poison(value: unknown): unknown {
  if (typeof value === 'string') return value + PAYLOAD;
  if (Array.isArray(value)) return value.map(poison);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)]));
  return value;
}

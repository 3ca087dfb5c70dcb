import type { Incident } from '@trailmark/core';
import { parseAlerts } from '@trailmark/trace';
import type { Tracer } from '../tracer.js';
import { jobIdOf } from './job-id.js';
import type { NewJob } from './outbox-port.js';

/** What a job carries: the incident traced at accept time. */
export interface JobPayload {
  incident: Incident;
}

/** The file name parse errors give for a request body (`<request>:3: …`). */
export const REQUEST_FILE = '<request>';

/**
 * One request body → one job per alert, traced against the current view. Throws the parser's
 * `TRACE_ALERT_PARSE` (400) or `TRACE_ALERT_FORMAT_UNKNOWN` (415), naming `<request>:LINE`.
 * Jobs repeated within the body (a sender that batches a retry with new alerts) are sent once.
 */
export function jobsOfRequest(text: string, tracer: Tracer, now: Date): NewJob[] {
  const alerts = parseAlerts(text, REQUEST_FILE);
  const jobs = new Map<string, NewJob>();
  for (const alert of alerts) {
    const id = jobIdOf(alert);
    if (jobs.has(id)) continue;
    const incident = tracer(alert, now);
    const payload: JobPayload = { incident };
    jobs.set(id, {
      id,
      groupKey: incident.fingerprint,
      payload: JSON.stringify(payload),
      receivedAt: now,
    });
  }
  return [...jobs.values()];
}

import type { Incident, NormalizedAlert } from '@trailmark/core';
import type { JobPayload } from './accept.js';
import type { ClaimedJob, Outbox } from './outbox-port.js';

/** How long after receipt an alert on a pod missing from the view is traced again (60 s). */
export const LATE_RESOLUTION_MS = 60_000;

/** What tracing an alert again needs: a view that changes (list + watch), not a snapshot. */
export interface LateResolution {
  /** Traces the alert against the current view. */
  retrace: (alert: NormalizedAlert) => Incident;
  /** How long after receipt the alert is traced again before it is escalated unresolved. */
  graceMs: number;
}

/** What {@link resolveLate} did with a job it was handed. */
export type LateOutcome =
  | { action: 'escalate' }
  | { action: 'resolved'; groupKey: string }
  | { action: 'wait'; until: Date }
  /** The lease was lost meanwhile: another worker has the job. */
  | { action: 'lost' };

/**
 * An alert on a pod that was not in the view when it was accepted may be about a pod the watch
 * has not delivered yet: one just created, or created while the watch was listing again after a
 * 410 Gone. Until `graceMs` after its receipt, such a job is traced again against the current
 * view instead of being escalated: resolved, it is put back at once under its incident's
 * fingerprint (so, like every job of that incident, it is never worked on beside another of it);
 * still unresolved, it is put back for a later look, the pause growing with its age. A claim
 * spent this way is not counted as an attempt. After `graceMs` (or for any other job) the
 * answer is `escalate`: an alert on a pod that never appears is recorded as unresolved.
 */
export async function resolveLate(
  job: ClaimedJob,
  late: LateResolution,
  outbox: Pick<Outbox, 'reschedule'>,
  owner: string,
  now: number,
): Promise<LateOutcome> {
  const { incident } = JSON.parse(job.payload) as JobPayload;
  const age = now - job.receivedAt.getTime();
  if (incident.resolution.status === 'resolved' || incident.pod === undefined)
    return { action: 'escalate' };
  if (age >= late.graceMs) return { action: 'escalate' };
  const again = late.retrace(incident.alert);
  if (again.resolution.status === 'resolved') {
    const payload: JobPayload = { incident: again };
    const change = { groupKey: again.fingerprint, payload: JSON.stringify(payload) };
    if (!(await outbox.reschedule(job.id, owner, { ...change, runAt: new Date(now) })))
      return { action: 'lost' };
    return { action: 'resolved', groupKey: again.fingerprint };
  }
  const until = new Date(now + Math.min(Math.max(500, age / 2), late.graceMs - age));
  const change = { groupKey: job.groupKey, payload: job.payload, runAt: until };
  if (!(await outbox.reschedule(job.id, owner, change))) return { action: 'lost' };
  return { action: 'wait', until };
}

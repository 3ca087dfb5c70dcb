import type { ClaimedJob, Outbox } from './outbox-port.js';
import { JobFailure } from './wait-hint.js';

/** The job's lease was taken over before a write: another worker has the job now. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** Called before each write to a target (an issue, a comment, a webhook delivery). */
export type WriteGuard = () => Promise<void>;

/**
 * A guard that renews the job's lease right before a write and throws {@link LeaseLostError}
 * when it can no longer be renewed. The write then starts with a whole lease ahead of it: a
 * worker that takes the job over later (a slow renewal let the lease run out) looks for the
 * alert's marker only after that lease, by when a write that was started has landed.
 */
export function leaseGuard(
  job: ClaimedJob,
  outbox: Pick<Outbox, 'renew'>,
  owner: string,
  leaseMs: number,
  now: () => number,
): WriteGuard {
  return async () => {
    if (!(await outbox.renew(job.id, owner, new Date(now()), leaseMs)))
      throw new LeaseLostError(`the lease of ${job.id} was taken over before a write`);
  };
}

/** True when `error` (or the failure a {@link JobFailure} wraps) is a {@link LeaseLostError}. */
export function isLeaseLost(error: unknown): boolean {
  return (error instanceof JobFailure ? error.failure : error) instanceof LeaseLostError;
}

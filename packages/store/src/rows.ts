import type { Job, JobState } from './outbox.js';

/** A job row as both stores return it (times as Date, or as epoch milliseconds from SQLite). */
export interface JobRow {
  id: string;
  group_key: string;
  payload: string;
  received_at: Date | number;
  state: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | number;
  lease_owner: string | null;
  lease_until: Date | number | null;
  result: string | null;
}

const STATES: ReadonlySet<string> = new Set(['pending', 'inflight', 'done', 'dead']);

/** The {@link Job} a row holds; optional fields are absent, not undefined-valued. */
export function toJob(row: JobRow): Job {
  if (!STATES.has(row.state)) throw new TypeError(`job ${row.id} has an unknown state`);
  const job: Job = {
    id: row.id,
    groupKey: row.group_key,
    payload: row.payload,
    receivedAt: toDate(row.received_at),
    state: row.state as JobState,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.next_attempt_at),
  };
  if (row.last_error !== null) job.lastError = row.last_error;
  if (row.lease_owner !== null) job.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) job.leaseUntil = toDate(row.lease_until);
  if (row.result !== null) job.result = row.result;
  return job;
}

function toDate(value: Date | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The largest `lastError` kept, in characters: an error is a diagnosis, not a log. */
export const MAX_ERROR_LENGTH = 2000;

/** `error` cut to {@link MAX_ERROR_LENGTH}. */
export function clipError(error: string): string {
  return error.length <= MAX_ERROR_LENGTH ? error : `${error.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}

/** Rejects a claim limit or lease that cannot mean anything. */
export function checkClaimArgs(limit: number, leaseMs: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`claim limit ${limit} < 1`);
  if (!(leaseMs > 0)) throw new RangeError(`lease of ${leaseMs} ms`);
}

/** How many candidate rows a claim looks at for `limit` distinct groups. */
export function scanSize(limit: number): number {
  return Math.max(limit * 4, 64);
}

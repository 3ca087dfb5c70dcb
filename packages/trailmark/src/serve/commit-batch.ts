import type { Committed } from './commit-queue.js';
import type { EnqueueOutcome, NewJob } from './outbox-port.js';

/** A request's jobs waiting for their transaction, and how to answer it. */
export interface Waiting {
  jobs: readonly NewJob[];
  resolve: (committed: Committed) => void;
  reject: (error: unknown) => void;
  /** Its transaction ended (committed or not): what it held is given back. */
  done: () => void;
}

/**
 * The next transaction's requests: in arrival order, as many as fit in `maxBatch` alerts — at
 * least one, so a request larger than a batch is committed whole (never split across
 * transactions: a request is answered for all its alerts or none).
 */
export function takeBatch(
  waiting: readonly Waiting[],
  maxBatch: number,
): { batch: Waiting[]; rest: Waiting[] } {
  let alerts = 0;
  let count = 0;
  for (const item of waiting) {
    if (count > 0 && alerts + item.jobs.length > maxBatch) break;
    alerts += item.jobs.length;
    count += 1;
  }
  return { batch: waiting.slice(0, count), rest: waiting.slice(count) };
}

/** A request's answer from the outcomes of its own jobs. */
export function countsOf(outcomes: readonly EnqueueOutcome[]): Committed {
  let accepted = 0;
  for (const outcome of outcomes) if (outcome === 'inserted') accepted += 1;
  return { accepted, duplicates: outcomes.length - accepted };
}

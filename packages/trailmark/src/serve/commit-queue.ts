import { countsOf, takeBatch, type Waiting } from './commit-batch.js';
import type { NewJob, Outbox } from './outbox-port.js';

/** What a request learns once its jobs are committed. */
export interface Committed {
  accepted: number;
  duplicates: number;
}

/** Why a request is refused: the queue is full (429, `retry-after`). */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/** One admitted request's place in the queue. */
export interface Ticket {
  /**
   * Queues the request's jobs for the next group commit; resolves once they are committed (never
   * before), rejects with the store's error — nothing acknowledged — or at once with
   * {@link QueueFullError} when they do not fit.
   */
  commit(jobs: readonly NewJob[]): Promise<Committed>;
  /** The request is over (answered, refused or cut off): gives back what it still holds. */
  release(): void;
}

/**
 * Bounded group commit in front of the outbox. Its size counts alerts: the alerts of admitted
 * requests that wait for their transaction (or are in it), and one for each admitted request not
 * yet traced (its body being read). Requests beyond the size are refused before their body is read.
 */
export interface CommitQueue {
  /** Admits a request, or undefined when the queue is full (answer 429 without reading the body). */
  enter(): Ticket | undefined;
  /** What the queue holds now, in alerts (see {@link CommitQueue}). */
  readonly depth: number;
  /** Resolves when nothing is waiting or being committed. */
  drained(): Promise<void>;
}

/** Options of {@link createCommitQueue}. */
export interface CommitQueueOptions {
  /** The size: alerts held at once (`--queue-size`). */
  capacity: number;
  /** Most alerts per transaction (default 512); a full batch is committed without waiting. */
  maxBatch?: number;
}

/**
 * Group commit: jobs of requests that arrive while a transaction runs — or within one turn of the
 * event loop — are committed together in the next `enqueue`, at most `maxBatch` alerts at once;
 * a second transaction starts early only when a full batch is waiting. Each request is answered
 * from its own jobs' outcomes, and only after their transaction committed.
 */
export function createCommitQueue(outbox: Outbox, options: CommitQueueOptions): CommitQueue {
  const { capacity } = options;
  const maxBatch = Math.max(1, options.maxBatch ?? 512);
  let held = 0;
  let waiting: Waiting[] = [];
  let waitingAlerts = 0;
  let committing = 0;
  let scheduled = false;
  const whenIdle: (() => void)[] = [];

  const settleIdle = (): void => {
    if (waiting.length > 0 || committing > 0 || scheduled) return;
    for (const resolve of whenIdle.splice(0)) resolve();
  };
  const schedule = (): void => {
    if (scheduled || waiting.length === 0) return;
    if (committing > 0 && waitingAlerts < maxBatch) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };
  const flush = async (): Promise<void> => {
    const { batch, rest } = takeBatch(waiting, maxBatch);
    waiting = rest;
    const jobs = batch.flatMap((item) => item.jobs);
    waitingAlerts -= jobs.length;
    committing += 1;
    schedule();
    try {
      const { outcomes } = await outbox.enqueue(jobs);
      let at = 0;
      for (const item of batch) {
        item.resolve(countsOf(outcomes.slice(at, at + item.jobs.length)));
        at += item.jobs.length;
      }
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      committing -= 1;
      for (const item of batch) item.done();
      schedule();
      settleIdle();
    }
  };

  return {
    enter() {
      if (held >= capacity) return undefined;
      held += 1;
      // admitted: holds 1 (its body is read, then traced); queued: holds its alerts until its
      // transaction ends, however the request ends meanwhile; over: holds nothing.
      let state: 'admitted' | 'queued' | 'over' = 'admitted';
      return {
        commit(jobs) {
          if (state !== 'admitted') return Promise.reject(new Error('a ticket commits once'));
          // An otherwise empty queue takes a request larger than its size rather than refuse it forever.
          if (held - 1 + jobs.length > capacity && held > 1)
            return Promise.reject(new QueueFullError('the commit queue is full'));
          state = 'queued';
          held += jobs.length - 1;
          return new Promise<Committed>((resolve, reject) => {
            const done = (): void => {
              held -= jobs.length;
              state = 'over';
            };
            waiting.push({ jobs, resolve, reject, done });
            waitingAlerts += jobs.length;
            schedule();
          });
        },
        release() {
          if (state !== 'admitted') return;
          state = 'over';
          held -= 1;
        },
      };
    },
    get depth() {
      return held;
    },
    drained() {
      return new Promise((resolve) => {
        whenIdle.push(resolve);
        settleIdle();
      });
    },
  };
}

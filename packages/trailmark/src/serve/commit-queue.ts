import type { NewJob, Outbox } from './outbox-port.js';

/** What a request learns once its jobs are committed. */
export interface Committed {
  accepted: number;
  duplicates: number;
}

/** Why {@link CommitQueue.submit} refused: the queue is full (429). */
export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

/** Bounded queue in front of the outbox: concurrent requests share one transaction. */
export interface CommitQueue {
  /** Resolves once `jobs` are committed; rejects at once with {@link QueueFullError} when full. */
  submit(jobs: readonly NewJob[]): Promise<Committed>;
  /** Alerts waiting for their commit. */
  readonly depth: number;
  /** Resolves when nothing is waiting or being committed. */
  drained(): Promise<void>;
}

interface Waiting {
  jobs: readonly NewJob[];
  resolve: (committed: Committed) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: while one `enqueue` runs, requests queue up (at most `capacity` alerts; beyond,
 * {@link QueueFullError}); the next `enqueue` takes every waiting request in one transaction.
 * A request's answer comes only after its transaction committed — or the error, so the sender
 * retries: nothing is acknowledged that is not stored. Per-request duplicates are counted by
 * enqueuing each request's jobs as its own call within one flush when the batch has several.
 */
export function createCommitQueue(outbox: Outbox, capacity: number): CommitQueue {
  let waiting: Waiting[] = [];
  let depth = 0;
  let running: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const size = batch.reduce((sum, item) => sum + item.jobs.length, 0);
      try {
        const results = await enqueueBatch(outbox, batch);
        batch.forEach((item, i) => {
          item.resolve(results[i] ?? { accepted: 0, duplicates: 0 });
        });
      } catch (error) {
        for (const item of batch) item.reject(error);
      } finally {
        depth -= size;
      }
    }
    running = undefined;
  };

  return {
    submit(jobs) {
      if (depth + jobs.length > capacity && depth > 0)
        return Promise.reject(new QueueFullError('the commit queue is full'));
      depth += jobs.length;
      const done = new Promise<Committed>((resolve, reject) => {
        waiting.push({ jobs, resolve, reject });
      });
      running ??= flush();
      return done;
    },
    get depth() {
      return depth;
    },
    async drained() {
      while (running !== undefined) await running;
    },
  };
}

// One transaction for the whole batch when the store can tell each job's fate; the counts of
// one call are one request's.
async function enqueueBatch(outbox: Outbox, batch: readonly Waiting[]): Promise<Committed[]> {
  if (batch.length === 1) {
    const [only] = batch;
    const result = await outbox.enqueue(only?.jobs ?? []);
    return [{ accepted: result.inserted, duplicates: result.duplicates }];
  }
  const results: Committed[] = [];
  for (const item of batch) {
    const result = await outbox.enqueue(item.jobs);
    results.push({ accepted: result.inserted, duplicates: result.duplicates });
  }
  return results;
}

/** A job to enqueue: one accepted alert. */
export interface NewJob {
  /** Stable id (the alert's idempotency key): enqueuing an id already present is a duplicate. */
  id: string;
  /** Jobs of one group are never worked on at the same time (the incident's fingerprint). */
  groupKey: string;
  /** JSON of the incident and alert, opaque to the store. */
  payload: string;
  receivedAt: Date;
}

/** What {@link Outbox.reschedule} changes in a job. */
export interface JobChange {
  groupKey: string;
  payload: string;
  runAt: Date;
}

/** Where a job is in its life. */
export type JobState = 'pending' | 'inflight' | 'done' | 'dead';

/** A stored job. */
export interface Job extends NewJob {
  /** Claims so far (incremented by each claim, so > 1 means an earlier attempt may have acted). */
  attempts: number;
  lastError?: string;
  state: JobState;
  /** When a pending job becomes due. */
  nextAttemptAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  /** What `complete` recorded. */
  result?: string;
}

/** Counts of jobs per state. */
export interface OutboxStats {
  pending: number;
  inflight: number;
  done: number;
  dead: number;
  /** `receivedAt` of the oldest pending job. */
  oldestPendingAt?: Date;
}

/**
 * What became of one job given to {@link Outbox.enqueue}: stored as new, or a duplicate of a job
 * already in the outbox (or of one earlier in the same call, which is the one stored).
 */
export type EnqueueOutcome = 'inserted' | 'duplicate';

/** Result of {@link Outbox.enqueue}. */
export interface EnqueueResult {
  inserted: number;
  duplicates: number;
  /**
   * One outcome per job, in the order given — so a caller that gathers the jobs of several
   * requests into one call can answer each request with its own counts.
   */
  outcomes: EnqueueOutcome[];
}

/**
 * The durable outbox of `trailmark serve`. Every method is safe to call from several processes
 * (and, on PostgreSQL, several replicas) on the same store at once.
 */
export interface Outbox {
  /** What the outbox is stored in, with any password redacted (for logs and `--status`). */
  readonly description: string;
  /**
   * Commits the jobs in one transaction before resolving (durable across SIGKILL): all of them or,
   * when it rejects, none. An id already present (or repeated in `jobs`: the first is stored) is a
   * duplicate, not an error; {@link EnqueueResult.outcomes} says which job was which.
   */
  enqueue(jobs: readonly NewJob[]): Promise<EnqueueResult>;
  /**
   * Claims up to `limit` jobs that are pending and due, or inflight with an expired lease; sets
   * the lease to `owner` until `now + leaseMs` and increments `attempts`. Never returns two jobs
   * with the same groupKey, nor a job whose groupKey has another job under a live lease — across
   * processes and replicas. Oldest first.
   */
  claim(owner: string, limit: number, now: Date, leaseMs: number): Promise<Job[]>;
  /** Extends a live lease to `now + leaseMs`; false when the lease expired or was lost. */
  renew(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Marks the job done with a small result string, only if `owner` still holds the lease (it is
   * inflight and nobody took it over); false otherwise.
   */
  complete(id: string, owner: string, result: string): Promise<boolean>;
  /**
   * Records a failed attempt, only if `owner` still holds the lease: back to pending at
   * `retryAt`, or `dead` when `retryAt` is null. False when the lease was lost.
   */
  fail(id: string, owner: string, error: string, retryAt: Date | null): Promise<boolean>;
  /**
   * Puts a job `owner` holds back to pending, due at `change.runAt`, with a new group key and
   * payload (the incident traced again), without counting the claim as an attempt — for a claim
   * that did not act. False when the lease was lost.
   */
  reschedule(id: string, owner: string, change: JobChange): Promise<boolean>;
  /**
   * Deletes up to `limit` jobs that were done before `before` (oldest first) and returns how
   * many: the retention of done jobs. An alert whose job was deleted is no longer recognised as
   * a duplicate. Pending, in-flight and dead jobs are kept.
   */
  pruneDone(before: Date, limit: number): Promise<number>;
  /** The external reference (GitHub issue) remembered for a group, if any. */
  getGroupRef(groupKey: string): Promise<string | undefined>;
  /** Remembers (or replaces) the external reference of a group. */
  setGroupRef(groupKey: string, ref: string): Promise<void>;
  stats(): Promise<OutboxStats>;
  /** Dead-lettered jobs, the most recently dead first. */
  deadLetters(limit: number): Promise<Job[]>;
  /** Cheap reachability check (for /readyz); throws a {@link StoreError} when unreachable. */
  ping(): Promise<void>;
  /** Releases the connection(s); the outbox is unusable afterwards. */
  close(): Promise<void>;
}

// The outbox as serve uses it: the interface of `@trailmark/store` (its `openOutbox(url)` returns
// one), restated here structurally so serve's pieces name only what they call.

/** A job to enqueue: one accepted alert, traced. */
export interface NewJob {
  /** sha256 over the alert's producer id (or its canonical JSON): a retry is a duplicate. */
  id: string;
  /** The incident fingerprint: jobs of one group are never claimed at once. */
  groupKey: string;
  /** The job's JSON ({@link JobPayload}). */
  payload: string;
}

/** A claimed job. */
export interface ClaimedJob extends NewJob {
  /** Claims so far, this one included. */
  attempts: number;
}

/** Counts of the outbox by state. */
export interface OutboxStats {
  pending: number;
  inflight: number;
  done: number;
  dead: number;
}

/** A dead-lettered job and why. */
export interface DeadLetter {
  id: string;
  groupKey: string;
  attempts: number;
  lastError: string;
}

/** The durable outbox. */
export interface Outbox {
  /** Inserts the jobs not already there, committed before it resolves. */
  enqueue(jobs: readonly NewJob[]): Promise<{ inserted: number; duplicates: number }>;
  /** Up to `limit` jobs, at most one live job per group key, leased to `owner`. */
  claim(owner: string, limit: number, now: number, leaseMs: number): Promise<ClaimedJob[]>;
  renew(id: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  complete(id: string, owner: string, result: string): Promise<boolean>;
  /** `retryAt` null: dead letter. */
  fail(id: string, owner: string, error: string, retryAt: number | null): Promise<boolean>;
  getGroupRef(groupKey: string): Promise<string | undefined>;
  setGroupRef(groupKey: string, ref: string): Promise<void>;
  stats(): Promise<OutboxStats>;
  deadLetters(limit: number): Promise<DeadLetter[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

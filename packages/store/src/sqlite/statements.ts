import type { Database, Statement } from 'better-sqlite3';
import type { JobRow } from '../rows.js';

/** Columns of a job as {@link JobRow} reads them. */
const JOB_COLUMNS = `id, group_key, payload, received_at, state, attempts, last_error,
  next_attempt_at, lease_owner, lease_until, result`;

/** Every statement of the SQLite outbox, prepared once per connection. */
export interface SqliteStatements {
  insert: Statement<[string, string, string, number, number]>;
  candidates: Statement<
    { now: number; after: number; scan: number },
    { seq: number; id: string; group_key: string }
  >;
  take: Statement<{ id: string; owner: string; until: number }, JobRow>;
  renew: Statement<{ id: string; owner: string; now: number; until: number }>;
  complete: Statement<{ id: string; owner: string; result: string; at: number }>;
  fail: Statement<{ id: string; owner: string; error: string; retryAt: number | null; at: number }>;
  reschedule: Statement<{
    id: string;
    owner: string;
    groupKey: string;
    payload: string;
    runAt: number;
  }>;
  pruneDone: Statement<{ before: number; limit: number }>;
  getRef: Statement<[string], { ref: string }>;
  setRef: Statement<[string, string]>;
  counts: Statement<[], { state: string; n: number }>;
  oldestPending: Statement<[], { at: number | null }>;
  dead: Statement<[number], JobRow>;
  ping: Statement<[], { one: number }>;
}

/** Prepares {@link SqliteStatements} on `db`. */
export function prepareStatements(db: Database): SqliteStatements {
  return {
    insert:
      db.prepare(`INSERT INTO jobs (id, group_key, payload, received_at, next_attempt_at, state)
      VALUES (?, ?, ?, ?, ?, 'pending') ON CONFLICT (id) DO NOTHING`),
    // Open jobs in arrival order through the partial index: pending and due, or inflight with an
    // expired lease, whose group has no live lease.
    candidates: db.prepare(`SELECT seq, id, group_key FROM jobs AS j
      WHERE state IN ('pending', 'inflight') AND seq > @after
        AND ((state = 'pending' AND next_attempt_at <= @now)
          OR (state = 'inflight' AND lease_until <= @now))
        AND NOT EXISTS (SELECT 1 FROM jobs AS l WHERE l.state = 'inflight'
          AND l.group_key = j.group_key AND l.lease_until > @now)
      ORDER BY seq LIMIT @scan`),
    take: db.prepare(`UPDATE jobs SET state = 'inflight', lease_owner = @owner,
      lease_until = @until, attempts = attempts + 1 WHERE id = @id RETURNING ${JOB_COLUMNS}`),
    renew: db.prepare(`UPDATE jobs SET lease_until = @until WHERE id = @id
      AND state = 'inflight' AND lease_owner = @owner AND lease_until > @now`),
    complete: db.prepare(`UPDATE jobs SET state = 'done', result = @result, lease_owner = NULL,
      lease_until = NULL, finished_at = @at
      WHERE id = @id AND state = 'inflight' AND lease_owner = @owner`),
    fail: db.prepare(`UPDATE jobs SET
      state = CASE WHEN @retryAt IS NULL THEN 'dead' ELSE 'pending' END,
      next_attempt_at = coalesce(@retryAt, next_attempt_at), last_error = @error,
      lease_owner = NULL, lease_until = NULL,
      finished_at = CASE WHEN @retryAt IS NULL THEN @at END
      WHERE id = @id AND state = 'inflight' AND lease_owner = @owner`),
    reschedule: db.prepare(`UPDATE jobs SET state = 'pending', group_key = @groupKey,
      payload = @payload, next_attempt_at = @runAt, attempts = max(attempts - 1, 0),
      lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND state = 'inflight' AND lease_owner = @owner`),
    pruneDone: db.prepare(`DELETE FROM jobs WHERE seq IN (SELECT seq FROM jobs
      WHERE state = 'done' AND finished_at < @before ORDER BY finished_at LIMIT @limit)`),
    getRef: db.prepare('SELECT ref FROM group_refs WHERE group_key = ?'),
    setRef: db.prepare(`INSERT INTO group_refs (group_key, ref) VALUES (?, ?)
      ON CONFLICT (group_key) DO UPDATE SET ref = excluded.ref`),
    counts: db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state'),
    oldestPending: db.prepare(`SELECT min(received_at) AS at FROM jobs WHERE state = 'pending'`),
    dead: db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'dead'
      ORDER BY finished_at DESC, seq DESC LIMIT ?`),
    ping: db.prepare('SELECT 1 AS one'),
  };
}

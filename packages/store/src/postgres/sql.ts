import { SCHEMA } from './schema.js';

const JOBS = `${SCHEMA}.jobs`;

/** Columns of a job as `JobRow` reads them, and `seq` to order a claim's result. */
const JOB_COLUMNS = `seq, id, group_key, payload, received_at, state, attempts, last_error,
  next_attempt_at, lease_owner, lease_until, result`;

/** Namespace (first key) of the per-group advisory locks taken while claiming. */
const GROUP_LOCK = 0x6772_6f75; // "grou"

/** A job of `j` that may be claimed at `$now`: pending and due, or inflight with an expired lease. */
const CLAIMABLE = `j.state IN ('pending', 'inflight')
  AND ((j.state = 'pending' AND j.next_attempt_at <= $1)
    OR (j.state = 'inflight' AND j.lease_until <= $1))`;

/** No other job of `j`'s group is under a live lease at `$1`. */
const GROUP_FREE = `NOT EXISTS (SELECT 1 FROM ${JOBS} AS l WHERE l.state = 'inflight'
  AND l.group_key = j.group_key AND l.lease_until > $1)`;

/** The statements of the PostgreSQL outbox. */
export const SQL = {
  /**
   * $1 ids (distinct), $2 group keys, $3 payloads, $4 received-at times (ISO), in arrival order;
   * returns the ids inserted (an id already stored is left as it is).
   */
  enqueue: `INSERT INTO ${JOBS} (id, group_key, payload, received_at, next_attempt_at, state)
    SELECT id, g, p, r, r, 'pending'
    FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY
      AS t(id, g, p, r, n)
    ORDER BY n
    ON CONFLICT (id) DO NOTHING
    RETURNING id`,
  /**
   * $1 now, $2 limit. Candidates in arrival order whose group this transaction could lock (the
   * CASE makes the lock the last test), rows other claimers hold skipped. The transaction-scoped
   * group lock is what keeps two replicas from claiming two jobs of one group at once.
   */
  candidates: `SELECT j.id, j.group_key FROM ${JOBS} AS j
    WHERE ${CLAIMABLE}
      AND CASE WHEN ${GROUP_FREE} THEN pg_try_advisory_xact_lock(${GROUP_LOCK}, hashtext(j.group_key))
          ELSE false END
    ORDER BY j.seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
  /**
   * $1 now, $2 ids, $3 owner, $4 lease until. A new statement, so a new snapshot taken while the
   * group locks are held: a claim another replica committed just before is seen here.
   */
  take: `UPDATE ${JOBS} AS j SET state = 'inflight', lease_owner = $3, lease_until = $4,
      attempts = j.attempts + 1
    WHERE j.id = ANY($2::text[]) AND ${CLAIMABLE} AND ${GROUP_FREE}
    RETURNING ${JOB_COLUMNS}`,
  /** $1 id, $2 owner, $3 now, $4 lease until. */
  renew: `UPDATE ${JOBS} SET lease_until = $4
    WHERE id = $1 AND state = 'inflight' AND lease_owner = $2 AND lease_until > $3`,
  /** $1 id, $2 owner, $3 result. */
  complete: `UPDATE ${JOBS} SET state = 'done', result = $3, lease_owner = NULL,
      lease_until = NULL, finished_at = now()
    WHERE id = $1 AND state = 'inflight' AND lease_owner = $2`,
  /** $1 id, $2 owner, $3 error, $4 retry at (null: dead). */
  fail: `UPDATE ${JOBS} SET
      state = CASE WHEN $4::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
      next_attempt_at = coalesce($4::timestamptz, next_attempt_at), last_error = $3,
      lease_owner = NULL, lease_until = NULL,
      finished_at = CASE WHEN $4::timestamptz IS NULL THEN now() END
    WHERE id = $1 AND state = 'inflight' AND lease_owner = $2`,
  /** $1 id, $2 owner, $3 group key, $4 payload, $5 run at. */
  reschedule: `UPDATE ${JOBS} SET state = 'pending', group_key = $3, payload = $4,
      next_attempt_at = $5, attempts = greatest(attempts - 1, 0),
      lease_owner = NULL, lease_until = NULL
    WHERE id = $1 AND state = 'inflight' AND lease_owner = $2`,
  /** $1 done before, $2 limit. */
  pruneDone: `DELETE FROM ${JOBS} WHERE seq IN (SELECT seq FROM ${JOBS}
    WHERE state = 'done' AND finished_at < $1 ORDER BY finished_at LIMIT $2)`,
  getRef: `SELECT ref FROM ${SCHEMA}.group_refs WHERE group_key = $1`,
  setRef: `INSERT INTO ${SCHEMA}.group_refs (group_key, ref) VALUES ($1, $2)
    ON CONFLICT (group_key) DO UPDATE SET ref = excluded.ref`,
  stats: `SELECT count(*) FILTER (WHERE state = 'pending') AS pending,
      count(*) FILTER (WHERE state = 'inflight') AS inflight,
      count(*) FILTER (WHERE state = 'done') AS done,
      count(*) FILTER (WHERE state = 'dead') AS dead,
      min(received_at) FILTER (WHERE state = 'pending') AS oldest
    FROM ${JOBS}`,
  /** $1 limit. */
  dead: `SELECT ${JOB_COLUMNS} FROM ${JOBS} WHERE state = 'dead'
    ORDER BY finished_at DESC, seq DESC LIMIT $1`,
  ping: 'SELECT 1',
} as const;

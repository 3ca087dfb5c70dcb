import type { Database, Transaction } from 'better-sqlite3';
import type { EnqueueOutcome, EnqueueResult, NewJob } from '../outbox.js';
import type { SqliteStatements } from './statements.js';

/** `enqueue`'s transaction, prepared once per connection. */
export type InsertTransaction = Transaction<(jobs: readonly NewJob[]) => EnqueueResult>;

/**
 * Inserts jobs in one transaction (run it `.immediate()`): `ON CONFLICT DO NOTHING`'s change
 * count tells each job's fate, so an id already stored, or earlier in `jobs`, is a duplicate.
 */
export function insertTransaction(db: Database, sql: SqliteStatements): InsertTransaction {
  return db.transaction((jobs: readonly NewJob[]) => {
    let inserted = 0;
    const outcomes = jobs.map((job): EnqueueOutcome => {
      const at = job.receivedAt.getTime();
      if (sql.insert.run(job.id, job.groupKey, job.payload, at, at).changes === 0)
        return 'duplicate';
      inserted += 1;
      return 'inserted';
    });
    return { inserted, duplicates: jobs.length - inserted, outcomes };
  });
}

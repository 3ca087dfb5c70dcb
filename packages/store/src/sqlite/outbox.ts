import type { Database } from 'better-sqlite3';
import type { EnqueueResult, Job, JobChange, NewJob, Outbox, OutboxStats } from '../outbox.js';
import type { OpenOutboxOptions } from '../options.js';
import { checkClaimArgs, clipError, scanSize, toJob } from '../rows.js';
import { checkpointOnThread, type Checkpointer } from './checkpointer.js';
import { insertTransaction, type InsertTransaction } from './enqueue.js';
import { sqliteError } from './errors.js';
import { openSqliteDatabase } from './open.js';
import { prepareStatements, type SqliteStatements } from './statements.js';

/**
 * The embedded outbox: one SQLite file, safe for several processes (each write is one
 * IMMEDIATE transaction or one statement, serialised by SQLite's write lock). better-sqlite3 is
 * synchronous, so every call completes before its promise is returned.
 */
export class SqliteOutbox implements Outbox {
  readonly description: string;
  private readonly db: Database;
  private readonly sql: SqliteStatements;
  private readonly insertAll: InsertTransaction;
  private checkpointer: Checkpointer | undefined;

  private constructor(db: Database, description: string) {
    this.db = db;
    this.description = description;
    this.sql = prepareStatements(db);
    this.insertAll = insertTransaction(db, this.sql);
  }

  /** Opens (creating and migrating) the outbox file at `path`. */
  static open(path: string, description: string, options: OpenOutboxOptions = {}): SqliteOutbox {
    const db = openSqliteDatabase(path, description, options);
    let outbox: SqliteOutbox;
    try {
      outbox = new SqliteOutbox(db, description);
    } catch (err) {
      db.close();
      throw sqliteError(err, description, 'prepare the outbox statements', true);
    }
    if (options.sqliteCheckpointThread === true)
      outbox.checkpointer = checkpointOnThread(db, path, options);
    return outbox;
  }

  enqueue(jobs: readonly NewJob[]): Promise<EnqueueResult> {
    return this.run('enqueue jobs', () => this.insertAll.immediate(jobs));
  }

  claim(owner: string, limit: number, now: Date, leaseMs: number): Promise<Job[]> {
    checkClaimArgs(limit, leaseMs);
    const at = now.getTime();
    return this.run('claim jobs', () =>
      this.db
        .transaction(() => this.claimInTransaction(owner, limit, at, at + leaseMs))
        .immediate(),
    );
  }

  /**
   * Walks the claimable jobs in arrival order, one per group. A job taken here puts a live lease
   * on its group, so later pages of candidates no longer list that group.
   */
  private claimInTransaction(owner: string, limit: number, now: number, until: number): Job[] {
    const taken: Job[] = [];
    const groups = new Set<string>();
    const scan = scanSize(limit);
    let after = 0;
    for (;;) {
      const rows = this.sql.candidates.all({ now, after, scan });
      for (const row of rows) {
        if (taken.length === limit) return taken;
        if (groups.has(row.group_key)) continue;
        groups.add(row.group_key);
        const job = this.sql.take.get({ id: row.id, owner, until });
        if (job !== undefined) taken.push(toJob(job));
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < scan || taken.length === limit) return taken;
      after = last.seq;
    }
  }

  renew(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const at = now.getTime();
    return this.run('renew a lease', () =>
      changed(this.sql.renew.run({ id, owner, now: at, until: at + leaseMs }).changes),
    );
  }

  complete(id: string, owner: string, result: string): Promise<boolean> {
    return this.run('complete a job', () =>
      changed(this.sql.complete.run({ id, owner, result, at: Date.now() }).changes),
    );
  }

  fail(id: string, owner: string, error: string, retryAt: Date | null): Promise<boolean> {
    const params = { id, owner, error: clipError(error), retryAt: retryAt?.getTime() ?? null };
    return this.run('record a failed attempt', () =>
      changed(this.sql.fail.run({ ...params, at: Date.now() }).changes),
    );
  }

  reschedule(id: string, owner: string, change: JobChange): Promise<boolean> {
    const params = { id, owner, groupKey: change.groupKey, payload: change.payload };
    return this.run('reschedule a job', () =>
      changed(this.sql.reschedule.run({ ...params, runAt: change.runAt.getTime() }).changes),
    );
  }

  pruneDone(before: Date, limit: number): Promise<number> {
    return this.run(
      'prune done jobs',
      () => this.sql.pruneDone.run({ before: before.getTime(), limit }).changes,
    );
  }

  getGroupRef(groupKey: string): Promise<string | undefined> {
    return this.run('read a group reference', () => this.sql.getRef.get(groupKey)?.ref);
  }

  setGroupRef(groupKey: string, ref: string): Promise<void> {
    return this.run('remember a group reference', () => {
      this.sql.setRef.run(groupKey, ref);
    });
  }

  stats(): Promise<OutboxStats> {
    return this.run('count jobs', () =>
      this.db.transaction(() => {
        const stats: OutboxStats = { pending: 0, inflight: 0, done: 0, dead: 0 };
        for (const { state, n } of this.sql.counts.all())
          if (state in stats) stats[state as 'pending' | 'inflight' | 'done' | 'dead'] = n;
        const oldest = this.sql.oldestPending.get()?.at ?? null;
        if (oldest !== null) stats.oldestPendingAt = new Date(oldest);
        return stats;
      })(),
    );
  }

  deadLetters(limit: number): Promise<Job[]> {
    return this.run('list dead letters', () => this.sql.dead.all(limit).map(toJob));
  }

  ping(): Promise<void> {
    return this.run('reach the outbox', () => {
      this.sql.ping.get();
    });
  }

  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    await checkpointer?.stop();
    return this.run('close the outbox', () => {
      if (this.db.open) this.db.close();
    });
  }

  /** `work()`, with what SQLite throws turned into a {@link StoreError}. */
  private run<T>(doing: string, work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(sqliteError(err, this.description, doing));
    }
  }
}

function changed(changes: number): boolean {
  return changes > 0;
}

import type pg from 'pg';
import type { EnqueueResult, Job, JobChange, NewJob, Outbox, OutboxStats } from '../outbox.js';
import { enqueueResultOf, firstOfEachId } from '../enqueue-result.js';
import { checkClaimArgs, clipError, toJob, type JobRow } from '../rows.js';
import type { PostgresLocation } from './connect.js';
import { postgresError } from './errors.js';
import { inTransaction } from './connect.js';
import { SQL } from './sql.js';

interface StatsRow {
  pending: string;
  inflight: string;
  done: string;
  dead: string;
  oldest: Date | null;
}

/**
 * The outbox on PostgreSQL, for several replicas: claiming locks rows (`FOR UPDATE SKIP LOCKED`)
 * and groups (transaction-scoped advisory locks), and leases expire so a dead replica's jobs are
 * taken over. Every write is one statement or one transaction, committed before it resolves.
 */
export class PostgresOutbox implements Outbox {
  readonly description: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly location: PostgresLocation,
  ) {
    this.description = location.description;
  }

  async enqueue(jobs: readonly NewJob[]): Promise<EnqueueResult> {
    const unique = firstOfEachId(jobs);
    if (unique.length === 0) return enqueueResultOf(jobs, new Set());
    const columns = [
      unique.map((job) => job.id),
      unique.map((job) => job.groupKey),
      unique.map((job) => job.payload),
      unique.map((job) => job.receivedAt.toISOString()),
    ];
    // One statement, so one transaction however many requests the jobs came from.
    const result = await this.run('enqueue jobs', () =>
      this.pool.query<{ id: string }>(SQL.enqueue, columns),
    );
    return enqueueResultOf(jobs, new Set(result.rows.map((row) => row.id)));
  }

  claim(owner: string, limit: number, now: Date, leaseMs: number): Promise<Job[]> {
    checkClaimArgs(limit, leaseMs);
    const at = now.toISOString();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.run('claim jobs', () =>
      inTransaction(this.pool, async (client) => {
        const candidates = await client.query<{ id: string; group_key: string }>(SQL.candidates, [
          at,
          limit,
        ]);
        const ids = firstPerGroup(candidates.rows);
        if (ids.length === 0) return [];
        const taken = await client.query<JobRow & { seq: string }>(SQL.take, [
          at,
          ids,
          owner,
          until,
        ]);
        return [...taken.rows].sort((a, b) => Number(a.seq) - Number(b.seq)).map(toJob);
      }),
    );
  }

  async renew(id: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const params = [id, owner, now.toISOString(), until];
    return changed(await this.run('renew a lease', () => this.pool.query(SQL.renew, params)));
  }

  async complete(id: string, owner: string, result: string): Promise<boolean> {
    const params = [id, owner, result];
    return changed(await this.run('complete a job', () => this.pool.query(SQL.complete, params)));
  }

  async fail(id: string, owner: string, error: string, retryAt: Date | null): Promise<boolean> {
    const params = [id, owner, clipError(error), retryAt?.toISOString() ?? null];
    return changed(
      await this.run('record a failed attempt', () => this.pool.query(SQL.fail, params)),
    );
  }

  async reschedule(id: string, owner: string, change: JobChange): Promise<boolean> {
    const params = [id, owner, change.groupKey, change.payload, change.runAt.toISOString()];
    return changed(
      await this.run('reschedule a job', () => this.pool.query(SQL.reschedule, params)),
    );
  }

  async pruneDone(before: Date, limit: number): Promise<number> {
    const params = [before.toISOString(), limit];
    const result = await this.run('prune done jobs', () => this.pool.query(SQL.pruneDone, params));
    return result.rowCount ?? 0;
  }

  async getGroupRef(groupKey: string): Promise<string | undefined> {
    const { rows } = await this.run('read a group reference', () =>
      this.pool.query<{ ref: string }>(SQL.getRef, [groupKey]),
    );
    return rows[0]?.ref;
  }

  async setGroupRef(groupKey: string, ref: string): Promise<void> {
    await this.run('remember a group reference', () =>
      this.pool.query(SQL.setRef, [groupKey, ref]),
    );
  }

  async stats(): Promise<OutboxStats> {
    const { rows } = await this.run('count jobs', () => this.pool.query<StatsRow>(SQL.stats));
    const row = rows[0];
    const stats: OutboxStats = {
      pending: Number(row?.pending ?? 0),
      inflight: Number(row?.inflight ?? 0),
      done: Number(row?.done ?? 0),
      dead: Number(row?.dead ?? 0),
    };
    if (row?.oldest != null) stats.oldestPendingAt = row.oldest;
    return stats;
  }

  async deadLetters(limit: number): Promise<Job[]> {
    const { rows } = await this.run('list dead letters', () =>
      this.pool.query<JobRow>(SQL.dead, [limit]),
    );
    return rows.map(toJob);
  }

  async ping(): Promise<void> {
    await this.run('reach the outbox', () => this.pool.query(SQL.ping));
  }

  async close(): Promise<void> {
    if (this.pool.ended) return;
    await this.run('close the outbox', () => this.pool.end());
  }

  /** `work()`, with what `pg` throws turned into a {@link StoreError} without the password. */
  private async run<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw postgresError(err, this.description, doing, this.location.password);
    }
  }
}

/** Ids of the first candidate of each group, in the order given. */
function firstPerGroup(rows: readonly { id: string; group_key: string }[]): string[] {
  const firsts = new Map<string, string>();
  for (const row of rows) if (!firsts.has(row.group_key)) firsts.set(row.group_key, row.id);
  return [...firsts.values()];
}

function changed(result: pg.QueryResult): boolean {
  return (result.rowCount ?? 0) > 0;
}

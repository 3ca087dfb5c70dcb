import pg from 'pg';
import type { OpenOutboxOptions } from '../options.js';
import { postgresError } from './errors.js';
import { PostgresOutbox } from './outbox.js';
import { migrate } from './schema.js';

/** Where the PostgreSQL outbox is, as `parseStoreUrl` read it. */
export interface PostgresLocation {
  url: string;
  password: string | undefined;
  description: string;
}

/** Connects a pool to `location` and migrates the schema; throws a `StoreError` when it cannot. */
export async function openPostgresOutbox(
  location: PostgresLocation,
  options: OpenOutboxOptions,
): Promise<PostgresOutbox> {
  const pool = new pg.Pool({
    connectionString: location.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
  });
  // An idle connection the server drops is discarded by the pool; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migrate(client, location.description);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw postgresError(err, location.description, 'open the outbox', location.password);
  }
  return new PostgresOutbox(pool, location);
}

/** `work()` in one transaction on one pooled connection; a broken connection is discarded. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (err) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    client.release(!rolledBack);
    throw err;
  }
}

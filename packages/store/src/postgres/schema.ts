import type { PoolClient } from 'pg';
import { StoreError } from '../error.js';

/** Every table of the outbox lives in this schema, so it can share a database. */
export const SCHEMA = 'trailmark';

/** Key of the advisory lock that serialises migrations across replicas starting at once. */
const MIGRATION_LOCK = 0x7472_6d6b; // "trmk"

/**
 * The PostgreSQL schema, one entry per version; `trailmark.schema_version` holds how many have
 * been applied. `seq` orders jobs by arrival; the partial indexes keep claiming cheap however
 * many done jobs the table holds.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE ${SCHEMA}.jobs (
     seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
     id text PRIMARY KEY,
     group_key text NOT NULL,
     payload text NOT NULL,
     received_at timestamptz NOT NULL,
     state text NOT NULL CHECK (state IN ('pending', 'inflight', 'done', 'dead')),
     attempts integer NOT NULL DEFAULT 0,
     last_error text,
     next_attempt_at timestamptz NOT NULL,
     lease_owner text,
     lease_until timestamptz,
     result text,
     finished_at timestamptz
   );
   CREATE INDEX jobs_open ON ${SCHEMA}.jobs (seq) WHERE state IN ('pending', 'inflight');
   CREATE INDEX jobs_group_lease ON ${SCHEMA}.jobs (group_key, lease_until) WHERE state = 'inflight';
   CREATE INDEX jobs_dead ON ${SCHEMA}.jobs (finished_at) WHERE state = 'dead';
   CREATE INDEX jobs_state ON ${SCHEMA}.jobs (state);
   CREATE TABLE ${SCHEMA}.group_refs (group_key text PRIMARY KEY, ref text NOT NULL);`,
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to {@link POSTGRES_SCHEMA_VERSION} in one transaction under an advisory
 * lock, so replicas starting at once apply each migration once. Refuses a newer schema.
 */
export async function migrate(client: PoolClient, description: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${SCHEMA}.schema_version (version integer NOT NULL)`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${SCHEMA}.schema_version`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length)
      throw new StoreError(
        'STORE_SCHEMA',
        `${description}: schema version ${current} is newer than this trailmark understands (${MIGRATIONS.length}); upgrade trailmark`,
      );
    for (const sql of MIGRATIONS.slice(current)) await client.query(sql);
    await client.query(`DELETE FROM ${SCHEMA}.schema_version`);
    await client.query(`INSERT INTO ${SCHEMA}.schema_version (version) VALUES ($1)`, [
      MIGRATIONS.length,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

import type { Database } from 'better-sqlite3';
import { StoreError } from '../error.js';

/**
 * The SQLite schema, one entry per version; `schema_version` holds how many have been applied.
 * Times are epoch milliseconds. `seq` orders jobs by arrival; the partial index keeps claiming
 * cheap however many done jobs the file holds.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE jobs (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     group_key TEXT NOT NULL,
     payload TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('pending', 'inflight', 'done', 'dead')),
     attempts INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     next_attempt_at INTEGER NOT NULL,
     lease_owner TEXT,
     lease_until INTEGER,
     result TEXT,
     finished_at INTEGER
   );
   CREATE INDEX jobs_open ON jobs (seq) WHERE state IN ('pending', 'inflight');
   CREATE INDEX jobs_group_lease ON jobs (group_key, lease_until) WHERE state = 'inflight';
   CREATE INDEX jobs_dead ON jobs (finished_at) WHERE state = 'dead';
   CREATE INDEX jobs_state ON jobs (state);
   CREATE TABLE group_refs (group_key TEXT PRIMARY KEY, ref TEXT NOT NULL) WITHOUT ROWID;`,
];

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to {@link SQLITE_SCHEMA_VERSION} in one IMMEDIATE transaction, so two
 * processes opening a new file at once apply each migration once. Refuses a newer schema.
 */
export function migrate(db: Database, description: string): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM schema_version').get() as
      { version: number } | undefined;
    const current = row?.version ?? 0;
    if (current > MIGRATIONS.length)
      throw new StoreError(
        'STORE_SCHEMA',
        `${description}: schema version ${current} is newer than this trailmark understands (${MIGRATIONS.length}); upgrade trailmark`,
      );
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    if (row === undefined)
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(MIGRATIONS.length);
    else db.prepare('UPDATE schema_version SET version = ?').run(MIGRATIONS.length);
  }).immediate();
}

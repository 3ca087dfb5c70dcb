import Database from 'better-sqlite3';
import type { OpenOutboxOptions } from '../options.js';
import { sqliteError } from './errors.js';
import { migrate } from './schema.js';

/**
 * Opens (creating if needed) the SQLite file at `path` as an outbox connection: WAL journal,
 * the chosen synchronous level, a busy timeout so several processes can share the file, and
 * the schema migrated. Throws `STORE_OPEN` / `STORE_SCHEMA` / `STORE_FAILED`.
 */
export function openSqliteDatabase(
  path: string,
  description: string,
  options: OpenOutboxOptions,
): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    // WAL: readers never block the writer, and a commit is one append to the -wal file.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(`the file system does not support WAL (journal mode ${String(mode)})`);
    // In WAL mode, NORMAL syncs at checkpoints only: a committed transaction is in the OS page
    // cache when `enqueue` resolves, so it survives the death of the process (SIGKILL, OOM), not
    // a power loss or kernel crash, which FULL (an fsync per commit) also survives.
    db.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db, description);
    return db;
  } catch (err) {
    db?.close();
    throw sqliteError(err, description, 'open the outbox', true);
  }
}

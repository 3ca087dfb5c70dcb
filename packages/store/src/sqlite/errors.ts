import { foreignCause } from '@trailmark/core';
import { StoreError, type StoreErrorCode } from '../error.js';

/** SQLite result codes that say the file itself cannot serve as the outbox. */
const UNUSABLE_FILE = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|READONLY|PERM|AUTH)/;

/**
 * A {@link StoreError} for what SQLite threw while `doing` something with the outbox at
 * `description`: `STORE_OPEN` when the file is unusable, `STORE_SCHEMA` for a schema clash while
 * opening, `STORE_FAILED` otherwise (busy past the timeout, disk full, I/O error).
 */
export function sqliteError(
  err: unknown,
  description: string,
  doing: string,
  opening = false,
): StoreError {
  if (err instanceof StoreError) return err;
  const sqliteCode = (err as { code?: unknown } | null)?.code;
  const code = typeof sqliteCode === 'string' ? sqliteCode : '';
  const storeCode = codeOf(code, opening);
  const hint = storeCode === 'STORE_SCHEMA' ? ' (is this file an outbox of trailmark serve?)' : '';
  const reason = err instanceof Error ? err.message : String(err);
  return new StoreError(storeCode, `${description}: cannot ${doing}: ${reason}${hint}`, {
    cause: foreignCause(err),
  });
}

function codeOf(code: string, opening: boolean): StoreErrorCode {
  if (UNUSABLE_FILE.test(code)) return 'STORE_OPEN';
  if (opening && (code === 'SQLITE_ERROR' || code === 'SQLITE_CONSTRAINT')) return 'STORE_SCHEMA';
  if (opening && code === '') return 'STORE_OPEN';
  return 'STORE_FAILED';
}

import { TrailmarkError } from '@trailmark/core';

/**
 * Error codes owned by `store`, with the exit-code category each belongs to (docs/cli.md):
 *
 * | code | meaning | exit |
 * |---|---|---|
 * | `STORE_URL` | the store URL is not `sqlite:PATH`, `postgres://…` or `postgresql://…`, or is malformed | 2 (usage) |
 * | `STORE_OPEN` | the SQLite file cannot be opened or created (missing directory, permission, not a database) | 2 (input) |
 * | `STORE_SCHEMA` | the database holds a schema newer than this trailmark, or not an outbox | 2 (input) |
 * | `STORE_UNREACHABLE` | PostgreSQL does not answer (refused, unknown host, timeout, connection lost) | 3 (service) |
 * | `STORE_AUTH` | PostgreSQL refused the credentials, or the database or role does not exist | 3 (service) |
 * | `STORE_FAILED` | an operation failed on a reachable store (locked past the busy timeout, disk full, I/O error) | 3 (service) |
 */
export type StoreErrorCode =
  'STORE_URL' | 'STORE_OPEN' | 'STORE_SCHEMA' | 'STORE_UNREACHABLE' | 'STORE_AUTH' | 'STORE_FAILED';

/** An error of the outbox store. Names the store by its redacted URL; never carries a password. */
export class StoreError extends TrailmarkError<StoreErrorCode> {}

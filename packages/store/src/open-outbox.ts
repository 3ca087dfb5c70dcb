import type { Outbox } from './outbox.js';
import type { OpenOutboxOptions } from './options.js';
import { openPostgresOutbox } from './postgres/connect.js';
import { SqliteOutbox } from './sqlite/outbox.js';
import { parseStoreUrl } from './url.js';

/**
 * Opens the outbox at `url` — `sqlite:PATH` (embedded, one file, created if missing) or
 * `postgres://…` / `postgresql://…` (several replicas) — creating or migrating its schema.
 * Throws a `StoreError`: `STORE_URL` for a URL it cannot use, `STORE_OPEN` / `STORE_SCHEMA` for
 * a database it cannot use, `STORE_UNREACHABLE` / `STORE_AUTH` when PostgreSQL refuses.
 */
export async function openOutbox(url: string, options: OpenOutboxOptions = {}): Promise<Outbox> {
  const location = parseStoreUrl(url);
  if (location.kind === 'sqlite')
    return SqliteOutbox.open(location.path, location.description, options);
  return openPostgresOutbox(location, options);
}

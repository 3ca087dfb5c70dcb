import { StoreError } from './error.js';

/** A store URL, understood. */
export type StoreLocation =
  | { kind: 'sqlite'; path: string; description: string }
  | { kind: 'postgres'; url: string; password: string | undefined; description: string };

const USAGE = 'want sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE';

/**
 * Reads a store URL: `sqlite:PATH` (relative or absolute; `sqlite:///abs/path` too) or
 * `postgres://…` / `postgresql://…`. Throws `STORE_URL` for anything else, without ever quoting
 * a password.
 */
export function parseStoreUrl(url: string): StoreLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return sqliteLocation(url.slice('sqlite:'.length));
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresLocation(url);
  const shown = scheme === undefined ? 'has no scheme' : `has the scheme "${scheme}:"`;
  throw new StoreError('STORE_URL', `the store URL ${shown}: ${USAGE}`);
}

function sqliteLocation(rest: string): StoreLocation {
  let path = rest;
  if (path.startsWith('//')) {
    path = path.slice(2);
    if (!path.startsWith('/'))
      throw new StoreError('STORE_URL', `sqlite://${path}: a host is not allowed (${USAGE})`);
  }
  if (path === '')
    throw new StoreError('STORE_URL', `the sqlite: store URL has no path (${USAGE})`);
  if (path === ':memory:' || path.startsWith('file:'))
    throw new StoreError('STORE_URL', `sqlite:${path}: the outbox must be a file (${USAGE})`);
  return { kind: 'sqlite', path, description: `sqlite:${path}` };
}

function postgresLocation(url: string): StoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The text is not shown: a malformed URL may hold a password we cannot find to redact.
    throw new StoreError('STORE_URL', `the PostgreSQL store URL is malformed (${USAGE})`);
  }
  if (parsed.hostname === '' && !parsed.searchParams.has('host'))
    throw new StoreError('STORE_URL', `the PostgreSQL store URL names no host (${USAGE})`);
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);
  return { kind: 'postgres', url, password, description: redactedUrl(parsed) };
}

/**
 * `postgres://host:port/db (user app)` — the URL without its credentials or query. The user is
 * shown apart: error messages scrub anything shaped `scheme://userinfo@`.
 */
function redactedUrl(url: URL): string {
  const user = url.username === '' ? '' : ` (user ${decodeURIComponent(url.username)})`;
  return `${url.protocol}//${url.host}${url.pathname}${user}`;
}

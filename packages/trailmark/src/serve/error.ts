import { TrailmarkError } from '@trailmark/core';

/**
 * Error codes of `trailmark serve`: `SERVE_STORE_UNREACHABLE` — the outbox could not be opened or
 * answered (exit 3, retryable); `SERVE_LISTEN` — the address cannot be listened on (in use, not
 * this machine's: exit 2).
 */
export type ServeErrorCode = 'SERVE_STORE_UNREACHABLE' | 'SERVE_LISTEN';

/** A serve failure; names the store URL without credentials. */
export class ServeError extends TrailmarkError<ServeErrorCode> {}

import { resolve } from 'node:path';
import { foreignCause, isTrailmarkError } from '@trailmark/core';
import { openOutbox } from '@trailmark/store';
import { ServeError } from './error.js';
import type { Outbox } from './outbox-port.js';

/** The store URL as messages and logs show it: no password. */
export function shownStoreUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//…@');
}

/**
 * Opens the outbox at `url` (`sqlite:PATH`, relative to `cwd`; `postgres://…`). A store that
 * cannot be opened or reached is `SERVE_STORE_UNREACHABLE` (exit 3) unless the store said why in
 * its own terms.
 */
export async function openServeOutbox(url: string, cwd: string): Promise<Outbox> {
  const absolute = url.startsWith('sqlite:')
    ? `sqlite:${resolve(cwd, url.slice('sqlite:'.length))}`
    : url;
  try {
    const outbox: Outbox = await openOutbox(absolute);
    return outbox;
  } catch (error) {
    if (isTrailmarkError(error)) throw error;
    throw new ServeError(
      'SERVE_STORE_UNREACHABLE',
      `the outbox ${shownStoreUrl(url)} could not be opened`,
      { cause: foreignCause(error) },
    );
  }
}

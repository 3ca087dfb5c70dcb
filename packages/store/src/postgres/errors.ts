import { foreignCause, scrubSecrets } from '@trailmark/core';
import { StoreError, type StoreErrorCode } from '../error.js';

/** Node network errors that mean the server cannot be reached. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/** SQLSTATEs of refused credentials or a missing database or role (classes 28, 3D; 42501). */
const AUTH = /^(28|3D)|^42501$/;

/** SQLSTATEs of a connection lost or refused by a server going down (classes 08, 57P). */
const DOWN = /^(08|57P)/;

/**
 * A {@link StoreError} for what `pg` threw while `doing` something with the outbox at
 * `description` (already redacted). `password` is scrubbed from the message and cause chain.
 */
export function postgresError(
  err: unknown,
  description: string,
  doing: string,
  password: string | undefined,
): StoreError {
  if (err instanceof StoreError) return err;
  const secrets = password === undefined ? [] : [password];
  const reason = scrubSecrets(err instanceof Error ? err.message : String(err), secrets);
  return new StoreError(codeOf(err), `${description}: cannot ${doing}: ${reason}`, {
    cause: foreignCause(err, secrets),
  });
}

function codeOf(err: unknown): StoreErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  if (typeof code === 'string') {
    if (NETWORK.has(code) || DOWN.test(code)) return 'STORE_UNREACHABLE';
    if (AUTH.test(code)) return 'STORE_AUTH';
  }
  // pg's own client-side failures carry no code.
  if (/SASL|password/i.test(message)) return 'STORE_AUTH';
  if (/timeout|Connection terminated|not queryable|closed/i.test(message))
    return 'STORE_UNREACHABLE';
  return 'STORE_FAILED';
}

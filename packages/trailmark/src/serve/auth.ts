import { createHmac, hash, timingSafeEqual } from 'node:crypto';

/** Checks requests' credentials; the secrets stay inside. */
export interface RequestAuth {
  /** True when `authorization` is `Bearer <the token>`. */
  bearer(authorization: string | undefined): boolean;
  /** True when no HMAC secret is set, or the signature header signs `body`. */
  signature(header: string | undefined, body: Uint8Array): boolean;
  /** Whether requests must be signed. */
  signed: boolean;
}

/**
 * Compares in constant time: both sides are hashed first, so the comparison is over equal-length
 * digests and neither the token's length nor its prefix leaks through timing.
 */
export function createRequestAuth(token: string, hmacSecret: string | undefined): RequestAuth {
  const expected = digest(token);
  return {
    signed: hmacSecret !== undefined,
    bearer(authorization) {
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
      return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
    },
    signature(header, body) {
      if (hmacSecret === undefined) return true;
      const match = /^sha256=([0-9a-fA-F]{64})$/.exec((header ?? '').trim());
      if (match?.[1] === undefined) return false;
      const mac = createHmac('sha256', hmacSecret).update(body).digest();
      return timingSafeEqual(digest(Buffer.from(match[1].toLowerCase(), 'hex')), digest(mac));
    },
  };
}

// One-shot: no Hash object per request (it runs for every request to /v1/).
function digest(value: string | Uint8Array): Buffer {
  return hash('sha256', value, 'buffer');
}

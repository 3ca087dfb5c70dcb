import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRequestAuth } from '../../src/serve/auth.js';

const TOKEN = 'tok-9c1f0e2d7b';
const SECRET = 'hmac-secret-55';
const body = Buffer.from('{"rule":"x"}');
const sign = (bytes: Uint8Array, secret = SECRET): string =>
  `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

describe('createRequestAuth', () => {
  const auth = createRequestAuth(TOKEN, undefined);

  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [`Bearer ${TOKEN} `, true],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(0, -1)}`, false],
    [`Basic ${TOKEN}`, false],
    [TOKEN, false],
    ['Bearer ', false],
    ['', false],
  ])('authorization %j → %s', (header, ok) => {
    expect(auth.bearer(header)).toBe(ok);
  });

  it('refuses a missing header', () => {
    expect(auth.bearer(undefined)).toBe(false);
  });

  it('without an HMAC secret, any signature (or none) passes', () => {
    expect(auth.signed).toBe(false);
    expect(auth.signature(undefined, body)).toBe(true);
  });

  it('with an HMAC secret, only the signature of these exact bytes passes', () => {
    const signed = createRequestAuth(TOKEN, SECRET);
    expect(signed.signed).toBe(true);
    expect(signed.signature(sign(body), body)).toBe(true);
    expect(signed.signature(sign(body).toUpperCase().replace('SHA256=', 'sha256='), body)).toBe(
      true,
    );
    expect(signed.signature(sign(Buffer.from('{"rule":"y"}')), body)).toBe(false);
    expect(signed.signature(sign(body, 'other'), body)).toBe(false);
    expect(signed.signature(undefined, body)).toBe(false);
    expect(signed.signature('sha256=abc', body)).toBe(false);
    expect(signed.signature(sign(body).replace('sha256=', 'sha1='), body)).toBe(false);
  });
});

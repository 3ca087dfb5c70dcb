import { describe, expect, it } from 'vitest';
import { ForeignCause, TrailmarkError, foreignCause, scrubSecrets } from '../src/index.js';

// Shapes as they appear in the wild; none of these is a real credential.
const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCIsImF1ZCI6InNpZ3N0b3JlIn0.c2lnbmF0dXJlLWJ5dGVz';
const PEM =
  '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBb6Vb1o3qv1ZP0z\n-----END EC PRIVATE KEY-----';

describe('scrubSecrets', () => {
  it.each([
    ['a JWT', `invalid identity token: ${JWT}`, 'invalid identity token: [REDACTED JWT]'],
    [
      'a lone JWT payload',
      `claims eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9 bad`,
      'claims [REDACTED JWT] bad',
    ],
    ['an unsigned JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', '[REDACTED JWT]'],
    ['a PAT', 'token ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'token [REDACTED TOKEN]'],
    ['a server token', 'x ghs_faketoken0123456789abcdefghijklmnopqr y', 'x [REDACTED TOKEN] y'],
    ['an OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', '[REDACTED TOKEN]'],
    ['a fine-grained PAT', 'github_pat_11ABCDEFG0123456789_abcdefXYZ', '[REDACTED TOKEN]'],
    [
      'a bearer token',
      'Authorization failed for Bearer abc.def-123456',
      'Authorization failed for Bearer [REDACTED]',
    ],
    ['a header', 'authorization: token s3cr3t-value', 'authorization: [REDACTED]'],
    ['a JSON header', '{"authorization":"Basic dXNlcjpwYXNz"}', '{"authorization":"[REDACTED]"}'],
    ['basic credentials', 'sent Basic dXNlcjpodW50ZXIy', 'sent Basic [REDACTED]'],
    [
      'URL credentials',
      "fatal: unable to access 'https://x-access-token:hunter2@github.com/acme/shop.git/'",
      "fatal: unable to access 'https://[REDACTED]@github.com/acme/shop.git/'",
    ],
    ['a PEM block', `key:\n${PEM}\nend`, 'key:\n[REDACTED PEM]\nend'],
    ['a cut PEM block', '-----BEGIN PRIVATE KEY-----\nMIGHAgEA', '[REDACTED PEM]'],
  ])('replaces %s', (_name, text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('leaves prose, paths and plain URLs alone', () => {
    const text =
      'Basic constraints failed; bearer token missing at https://github.com/acme/shop (charts/a.yaml:3)';
    expect(scrubSecrets(text)).toBe(text);
  });

  it('replaces exact secrets given by the caller', () => {
    expect(scrubSecrets('request token abcd1234 refused', ['abcd1234'])).toBe(
      'request token [REDACTED] refused',
    );
  });
});

describe('foreignCause', () => {
  it('keeps name, scrubbed message and stack, code and status, and drops everything else', () => {
    const raw = Object.assign(new Error(`git failed: https://u:hunter2@host/r.git ${JWT}`), {
      code: 128,
      status: 500,
      stderr: 'fatal: https://u:hunter2@host/r.git',
      cmd: 'git fetch https://u:hunter2@host/r.git',
      response: { headers: { authorization: 'token hunter2' } },
    });
    const cause = foreignCause(raw);
    expect(cause).toBeInstanceOf(ForeignCause);
    expect(cause).toMatchObject({ name: 'Error', code: 128, status: 500 });
    expect(cause?.message).toBe('git failed: https://[REDACTED]@host/r.git [REDACTED JWT]');
    expect(cause?.stack).not.toContain('hunter2');
    expect(Object.keys(cause ?? {}).sort()).toEqual(['code', 'name', 'status']);
    expect(JSON.stringify(cause)).not.toContain('hunter2');
  });

  it('scrubs the whole chain, and the exact secrets given', () => {
    const inner = new Error('echoed s3cret-request-token');
    const outer = new Error('outer', { cause: inner });
    const cause = foreignCause(outer, ['s3cret-request-token']);
    expect((cause?.cause as Error).message).toBe('echoed [REDACTED]');
  });

  it('keeps a trailmark error as it is, and no cause as none', () => {
    const own = new TrailmarkError('INPUT_USAGE', 'bad flag');
    expect(foreignCause(own)).toBe(own);
    expect(foreignCause(undefined)).toBeUndefined();
    expect(foreignCause({ token: 'x' })?.message).toBe('[non-error value]');
  });

  it('is the only way to make a ForeignCause', () => {
    const Ctor = ForeignCause as unknown as new (...args: unknown[]) => ForeignCause;
    expect(() => new Ctor(Symbol('foreignCause'), 'Error', 'm', {})).toThrow(TypeError);
  });

  it('guards trailmark messages too: the constructor scrubs known shapes', () => {
    expect(new TrailmarkError('X', `bad ${JWT}`).message).toBe('bad [REDACTED JWT]');
  });
});

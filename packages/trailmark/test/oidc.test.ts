import { afterEach, describe, expect, it } from 'vitest';
import { GITHUB_ACTIONS_CLAIMS, startTestSigstore, type TestSigstore } from '@trailmark/testing';
import { claimsOf, resolveIdentityToken } from '../src/oidc.js';

const running: TestSigstore[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sigstore) => sigstore.close()));
});

async function start(options?: Parameters<typeof startTestSigstore>[0]): Promise<TestSigstore> {
  const sigstore = await startTestSigstore(options);
  running.push(sigstore);
  return sigstore;
}

const HOW_TO =
  'keyless signing needs an OIDC token; in GitHub Actions give the job `permissions: id-token: write`, or pass --identity-token';

describe('resolveIdentityToken', () => {
  it('requests a sigstore-audience token from GitHub Actions', async () => {
    const sigstore = await start();
    const token = await resolveIdentityToken({ env: sigstore.actionsEnv });
    expect(claimsOf(token)).toEqual({ ...GITHUB_ACTIONS_CLAIMS, aud: 'sigstore' });
    expect(token).toBe(sigstore.identityToken);
  });

  it('works when the request URL has no query string (URLSearchParams, not "&audience=")', async () => {
    const sigstore = await start();
    const seen: string[] = [];
    const recording: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : input.toString());
      return fetch(input, init);
    };
    const env = { ...sigstore.actionsEnv, ACTIONS_ID_TOKEN_REQUEST_URL: `${sigstore.url}/oidc` };
    await expect(resolveIdentityToken({ env, fetch: recording, attempts: 1 })).rejects.toThrow(
      'answered 400',
    );
    expect(seen).toEqual([`${sigstore.url}/oidc?audience=sigstore`]);
  });

  it('--identity-token wins over the environment and never calls out', async () => {
    const neverCalled: typeof fetch = () => Promise.reject(new Error('fetch called'));
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/x?a=1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
    };
    await expect(
      resolveIdentityToken({ identityToken: ' a.b.c\n', env, fetch: neverCalled }),
    ).resolves.toBe('a.b.c');
    await expect(
      resolveIdentityToken({ identityToken: '  ', env, fetch: neverCalled }),
    ).rejects.toThrow('--identity-token is empty');
  });

  it.each([
    [
      'neither variable',
      {},
      `ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: ${HOW_TO}`,
    ],
    [
      'no URL',
      { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' },
      `ACTIONS_ID_TOKEN_REQUEST_URL is not set: ${HOW_TO}`,
    ],
    [
      'no request token',
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t?api-version=2.0' },
      `ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set: ${HOW_TO}`,
    ],
    [
      'an empty URL',
      { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' },
      `ACTIONS_ID_TOKEN_REQUEST_URL is not set: ${HOW_TO}`,
    ],
    [
      'a URL that is not one',
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'not a url', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' },
      'ACTIONS_ID_TOKEN_REQUEST_URL is not a URL',
    ],
  ])('%s → ATTEST_OIDC naming it', async (_name, env, message) => {
    await expect(resolveIdentityToken({ env })).rejects.toThrow(
      expect.objectContaining({ code: 'ATTEST_OIDC', message }),
    );
  });

  it('a refused request token is not retried', async () => {
    const sigstore = await start();
    const env = { ...sigstore.actionsEnv, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' };
    await expect(resolveIdentityToken({ env, retryDelayMs: 1 })).rejects.toThrow(
      'ACTIONS_ID_TOKEN_REQUEST_URL: the token request was answered 401 Unauthorized (after 1 attempt)',
    );
    expect(sigstore.requests).toHaveLength(1);
  });

  it('an outage is retried a bounded number of times', async () => {
    const sigstore = await start({ down: ['oidc'] });
    await expect(
      resolveIdentityToken({ env: sigstore.actionsEnv, attempts: 3, retryDelayMs: 1 }),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'ATTEST_OIDC',
        message:
          'ACTIONS_ID_TOKEN_REQUEST_URL: the token request was answered 503 Service Unavailable (after 3 attempts)',
      }),
    );
    expect(sigstore.requests).toHaveLength(3);
  });

  it('an unreachable endpoint is ATTEST_OIDC with the network error as cause', async () => {
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    };
    const error = await resolveIdentityToken({ env, attempts: 2, retryDelayMs: 1 }).then(
      () => new Error('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toBe(
      'ACTIONS_ID_TOKEN_REQUEST_URL: the token request failed (after 2 attempts)',
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('an answer without a token', async () => {
    const answer: typeof fetch = () => Promise.resolve(Response.json({ count: 1 }));
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/t?api-version=2.0',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
    };
    await expect(resolveIdentityToken({ env, fetch: answer })).rejects.toThrow(
      'the answer has no token in "value"',
    );
  });
});

describe('claimsOf', () => {
  const jwt = (payload: unknown): string =>
    `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

  it('keeps the GitHub claims that are strings, and the audience', () => {
    expect(
      claimsOf(
        jwt({
          sub: 'repo:a/b:ref:refs/heads/main',
          run_id: 42,
          aud: ['sigstore', 'x'],
          extra: 'y',
        }),
      ),
    ).toEqual({
      sub: 'repo:a/b:ref:refs/heads/main',
      aud: ['sigstore', 'x'],
    });
  });

  it.each([
    ['two parts', 'abc.def'],
    ['a payload that is not base64url', 'e30.!!!.sig'],
    [
      'a payload that is not JSON',
      `e30.${Buffer.from('SECRET-not-json').toString('base64url')}.sig`,
    ],
    ['a JSON array payload', jwt(['SECRET'])],
  ])('%s → ATTEST_OIDC without quoting the token', (_name, token) => {
    expect(() => claimsOf(token)).toThrow(
      expect.objectContaining({
        code: 'ATTEST_OIDC',
        message: expect.not.stringContaining('SECRET') as unknown,
      }),
    );
  });
});

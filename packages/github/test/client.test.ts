import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGithubClient,
  GithubError,
  type GithubClientOptions,
  type GithubLog,
} from '@trailmark/github';
import {
  FAKE_GITHUB_COMMIT,
  GITHUB_FIXTURES,
  startFakeGithub,
  type FakeGithub,
} from '@trailmark/testing';

const BUNDLE = {
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: {},
  dsseEnvelope: { payload: 'e30=', payloadType: 'application/vnd.in-toto+json', signatures: [] },
};

/** Everything the client said: log lines and, later, error messages and inspected errors. */
const said: string[] = [];
const sleeps: number[] = [];
const log: GithubLog = {
  debug: (message) => said.push(message),
  info: (message) => said.push(message),
  warn: (message) => said.push(message),
  error: (message) => said.push(message),
};

let github: FakeGithub;
beforeEach(async () => {
  github = await startFakeGithub();
  said.length = 0;
  sleeps.length = 0;
});
afterEach(async () => {
  await github.stop();
});

function client(overrides: Partial<GithubClientOptions> = {}) {
  return createGithubClient({
    token: github.token,
    baseUrl: github.url,
    log,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<GithubError> {
  const err = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(GithubError);
  said.push((err as Error).message, inspect(err, { depth: Infinity }));
  return err as GithubError;
}

describe('uploadAttestation through @actions/github octokit', () => {
  it('posts {bundle} with the token and returns the id and link', async () => {
    const result = await client({ serverUrl: 'https://github.com/' }).uploadAttestation(
      'acme',
      'shop',
      JSON.stringify(BUNDLE),
    );
    expect(result).toEqual({
      id: GITHUB_FIXTURES.attestationCreated.id,
      url: `https://github.com/acme/shop/attestations/${String(GITHUB_FIXTURES.attestationCreated.id)}`,
    });
    const [request] = github.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/repos/acme/shop/attestations',
      body: { bundle: BUNDLE },
    });
    expect(request?.headers.authorization).toBe(`token ${github.token}`);
    expect(await client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE))).toEqual({
      id: GITHUB_FIXTURES.attestationCreated.id + 1,
    });
  });

  it('retries 5xx with doubling waits, then succeeds', async () => {
    github.failNext(502, 2);
    expect((await client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE))).id).toBe(
      GITHUB_FIXTURES.attestationCreated.id,
    );
    expect(github.requests.map((request) => request.method)).toEqual(['POST', 'POST', 'POST']);
    expect(sleeps).toEqual([1000, 2000]);
    expect(said.filter((line) => line.includes('retry'))).toHaveLength(2);
  });

  it('waits as long as retry-after asks on 429, then succeeds', async () => {
    github.failNext(429, 1, { headers: { 'retry-after': '2' } });
    expect((await client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE))).id).toBe(
      GITHUB_FIXTURES.attestationCreated.id,
    );
    expect(sleeps).toEqual([2000]);
  });

  it('gives up at once with GITHUB_RATE_LIMITED when the wait asked for is over the cap', async () => {
    github.failNext(429, 1, { headers: { 'retry-after': '3600' } });
    const err = await failure(
      client({ maxRetryWaitMs: 5000 }).uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)),
    );
    expect(err.code).toBe('GITHUB_RATE_LIMITED');
    expect(sleeps).toEqual([]);
    expect(github.requests).toHaveLength(1);
  });

  it('treats a 403 with no remaining rate limit as rate limiting, waiting until the reset', async () => {
    const now = 1_800_000_000_000;
    github.failNext(403, 1, {
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 3) },
      body: { message: 'API rate limit exceeded for installation ID 1.' },
    });
    expect(
      (await client({ now: () => now }).uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)))
        .id,
    ).toBe(GITHUB_FIXTURES.attestationCreated.id);
    expect(sleeps).toEqual([3000]);
  });

  it('maps 403 to GITHUB_PERMISSION naming attestations: write', async () => {
    github.failNext(403);
    const err = await failure(client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)));
    expect(err.code).toBe('GITHUB_PERMISSION');
    expect(err.message).toContain('attestations: write');
    expect(err.cause).toBeDefined();
    expect(github.requests).toHaveLength(1);
  });

  it('maps a wrong token to GITHUB_AUTH and a persistent 5xx to GITHUB_UNREACHABLE after bounded retries', async () => {
    expect(
      (
        await failure(
          client({ token: 'ghp_wrongtokenwrongtokenwrongtoken0000' }).uploadAttestation(
            'acme',
            'shop',
            '{}',
          ),
        )
      ).code,
    ).toBe('GITHUB_AUTH');
    github.requests.length = 0;
    github.failNext(503, 10);
    const err = await failure(
      client({ retries: 2 }).uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)),
    );
    expect(err.code).toBe('GITHUB_UNREACHABLE');
    expect(err.message).toContain('after 3 attempts');
    expect(github.requests).toHaveLength(3);
  });

  it('maps a closed port to GITHUB_UNREACHABLE', async () => {
    await github.stop();
    const err = await failure(
      client({ retries: 1 }).uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)),
    );
    expect(err.code).toBe('GITHUB_UNREACHABLE');
    expect(err.message).toContain('could not be reached');
    expect(sleeps).toEqual([1000]);
  });

  it('maps other answers to GITHUB_PROTOCOL, quoting GitHub and checking the 201 body', async () => {
    github.failNext(422, 1, { body: { message: 'Validation Failed', status: '422' } });
    const invalid = await failure(
      client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)),
    );
    expect(invalid).toMatchObject({
      code: 'GITHUB_PROTOCOL',
      message: expect.stringContaining('"Validation Failed"') as unknown,
    });
    github.failNext(201, 1, { body: { created: true } });
    expect(
      (await failure(client().uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)))).code,
    ).toBe('GITHUB_PROTOCOL');
  });

  it('refuses a bundle that is not a JSON object before any request', async () => {
    await expect(client().uploadAttestation('acme', 'shop', 'not json')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(client().uploadAttestation('acme', 'shop', '[1]')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(github.requests).toHaveLength(0);
  });

  it('never puts the token in an error message, an inspected error or a log line', async () => {
    const scenarios: [number, Record<string, string>][] = [
      [401, {}],
      [403, {}],
      [404, {}],
      [422, {}],
      [429, { 'retry-after': '9999' }],
      [500, {}],
    ];
    for (const [status, headers] of scenarios) {
      github.failNext(status, 5, { headers });
      await failure(
        client({ retries: 1 }).uploadAttestation('acme', 'shop', JSON.stringify(BUNDLE)),
      );
    }
    await failure(client({ token: `${github.token}x` }).listReviews('acme', 'shop', 42));
    await github.stop();
    await failure(
      client({ retries: 0 }).listPullRequestsForCommit('acme', 'shop', FAKE_GITHUB_COMMIT),
    );
    expect(said.length).toBeGreaterThan(scenarios.length * 2);
    for (const line of said) expect(line).not.toContain(github.token);
  });
});

describe('pull requests and reviews', () => {
  it('lists the pull requests of a commit as plain data', async () => {
    expect(await client().listPullRequestsForCommit('acme', 'shop', FAKE_GITHUB_COMMIT)).toEqual([
      {
        number: 42,
        title: 'payments: mount the stripe key secret',
        state: 'closed',
        url: 'https://github.com/acme/shop/pull/42',
        author: 'alice',
        baseRef: 'main',
        headRef: 'payments-secret',
        headSha: FAKE_GITHUB_COMMIT,
        mergedAt: '2026-11-26T14:30:00Z',
        mergeCommitSha: '3e7a1f0c9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f',
      },
    ]);
    expect(github.requests[0]).toMatchObject({
      path: `/repos/acme/shop/commits/${FAKE_GITHUB_COMMIT}/pulls`,
      query: { per_page: '100' },
    });
    expect(await client().listPullRequestsForCommit('acme', 'shop', 'f'.repeat(40))).toEqual([]);
  });

  it('lists reviews in order with reviewer, state and time', async () => {
    const reviews = await client().listReviews('acme', 'shop', 42);
    expect(reviews.map((review) => [review.reviewer, review.state])).toEqual([
      ['bob', 'CHANGES_REQUESTED'],
      ['carol', 'COMMENTED'],
      ['bob', 'APPROVED'],
      ['carol', 'APPROVED'],
    ]);
    expect(reviews[2]).toMatchObject({
      submittedAt: '2026-11-26T09:15:00Z',
      commitId: FAKE_GITHUB_COMMIT,
    });
    expect((await failure(client().listReviews('acme', 'shop', 7))).code).toBe('GITHUB_NOT_FOUND');
  });

  it('follows every page and retries a failed page', async () => {
    await github.stop();
    const template = GITHUB_FIXTURES.pullReviews[0]!;
    const many = Array.from({ length: 230 }, (_, i) => ({
      ...template,
      id: 5000 + i,
      user: { ...(template.user as object), login: `user${String(i)}` },
    }));
    const pulls = Array.from({ length: 120 }, (_, i) => ({
      ...GITHUB_FIXTURES.commitPulls[0]!,
      number: 1000 - i,
    }));
    github = await startFakeGithub({
      reviewsByPull: { 'acme/shop#9': many },
      pullsByCommit: { [`acme/shop@${'a'.repeat(40)}`]: pulls },
    });
    github.failNext(500, 1);
    const reviews = await client().listReviews('acme', 'shop', 9);
    expect(reviews).toHaveLength(230);
    expect(reviews[229]?.reviewer).toBe('user229');
    expect(github.requests.map((request) => request.query.page ?? '1')).toEqual([
      '1',
      '1',
      '2',
      '3',
    ]);
    const numbers = (await client().listPullRequestsForCommit('acme', 'shop', 'a'.repeat(40))).map(
      (pr) => pr.number,
    );
    expect(numbers).toHaveLength(120);
    expect(numbers[0]).toBe(881);
  });

  it('refuses a malformed SHA or pull request number', async () => {
    await expect(client().listPullRequestsForCommit('acme', 'shop', 'HEAD')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(client().listReviews('acme', 'shop', 0)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});

describe('listAttestations', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;

  it('lists the bundles GitHub stores for the digest, re-serialised compactly', async () => {
    await github.stop();
    github = await startFakeGithub({ attestations: { [`acme/shop@${digest}`]: [BUNDLE, BUNDLE] } });
    const stored = await client().listAttestations('acme', 'shop', digest);
    expect(stored).toEqual([
      { bundleJson: JSON.stringify(BUNDLE), repositoryId: 123456789 },
      { bundleJson: JSON.stringify(BUNDLE), repositoryId: 123456789 },
    ]);
    expect(github.requests.at(-1)?.query.per_page).toBe('100');
  });

  it('a 404 (none stored, or a repository the token cannot see) is an empty list', async () => {
    expect(await client().listAttestations('acme', 'nothing', digest)).toEqual([]);
  });

  it('a rejected token is GITHUB_AUTH; a digest that is not sha256 is an input error', async () => {
    const err = await failure(client({ token: 'wrong' }).listAttestations('acme', 'shop', digest));
    expect(err.code).toBe('GITHUB_AUTH');
    await expect(client().listAttestations('acme', 'shop', 'sha256:AB')).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});

describe('fetchAttestationBundle (bundle: null + bundle_url, as GitHub lists since mid-2026)', () => {
  const digest = `sha256:${'cd'.repeat(32)}`;

  it('fetches the Snappy-compressed blob without the token and answers the bundle JSON', async () => {
    await github.stop();
    github = await startFakeGithub({
      attestations: { [`acme/shop@${digest}`]: [BUNDLE] },
      bundleUrls: true,
    });
    const [stored] = await client().listAttestations('acme', 'shop', digest);
    expect(stored).toMatchObject({ repositoryId: 123456789 });
    expect(stored?.bundleJson).toBeUndefined();
    expect(stored?.bundleUrl).toMatch(/\/_blobs\/0$/);
    const json = await client().fetchAttestationBundle(stored!.bundleUrl!);
    expect(JSON.parse(json)).toEqual(BUNDLE);
    const blobRequest = github.requests.find((r) => r.path === '/_blobs/0');
    expect(blobRequest?.headers.authorization).toBeUndefined();
  });

  it('refuses a plain-http bundle_url from an https API, and a blob that is not Snappy or JSON', async () => {
    const secure = createGithubClient({ token: github.token, baseUrl: 'https://api.github.com' });
    await expect(secure.fetchAttestationBundle('http://blobs.example/x')).rejects.toMatchObject({
      code: 'GITHUB_PROTOCOL',
    });
    await expect(client().fetchAttestationBundle(`${github.url}/_blobs/99`)).rejects.toMatchObject({
      code: 'GITHUB_PROTOCOL',
    });
  });
});

import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrailmarkError } from '@trailmark/core';
import { startFakeGithub, startWebhookReceiver, type FakeGithub } from '@trailmark/testing';
import { escalate, type EscalateOptions, type EscalationResult } from '../src/escalate.js';
import { FINGERPRINT, incident, jsonOf, markdownOf } from './escalate-incident.js';

const MARKER = `<!-- trailmark:fingerprint ${FINGERPRINT} -->`;

let github: FakeGithub;
const sleeps: number[] = [];
/** Everything escalation showed the user: results, warnings, error messages, inspected errors. */
const shown: string[] = [];

beforeEach(async () => {
  github = await startFakeGithub();
  sleeps.length = 0;
  shown.length = 0;
});
afterEach(async () => {
  await github.stop();
  for (const text of shown) expect(text).not.toContain(github.token);
});

function options(overrides: Partial<EscalateOptions> = {}): EscalateOptions {
  const subject = incident();
  return {
    markdown: markdownOf(subject),
    json: jsonOf(subject),
    targets: [{ kind: 'github' }],
    send: true,
    cwd: process.cwd(),
    env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: github.token },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...overrides,
  };
}

async function run(overrides: Partial<EscalateOptions> = {}): Promise<EscalationResult> {
  const results = await escalate(incident(), options(overrides));
  shown.push(JSON.stringify(results), inspect(results, { depth: Infinity }));
  expect(results).toHaveLength(1);
  return results[0] as EscalationResult;
}

async function failure(overrides: Partial<EscalateOptions>): Promise<TrailmarkError> {
  const err = await escalate(incident(), options(overrides)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(TrailmarkError);
  shown.push((err as Error).message, inspect(err, { depth: Infinity }));
  return err as TrailmarkError;
}

describe('escalate to GitHub', () => {
  it('dry run: the planned issue, and not a single request', async () => {
    const receiver = await startWebhookReceiver({ secret: 's3cret-value' });
    let fetched = 0;
    const results = await escalate(
      incident(),
      options({
        send: false,
        targets: [
          { kind: 'github' },
          { kind: 'webhook', url: receiver.url, secretFile: 'no-such-secret' },
        ],
        fetch: () => {
          fetched += 1;
          return Promise.reject(new Error('no network on a dry run'));
        },
      }),
    );
    await receiver.stop();
    expect(fetched).toBe(0);
    expect(github.requests).toEqual([]);
    expect(receiver.deliveries).toEqual([]);
    const [issue, hook] = results;
    expect(issue).toMatchObject({
      target: 'github',
      outcome: 'planned',
      repository: 'acme/shop',
      title: 'Terminal shell in container on Deployment shop/api',
      labels: ['trailmark', 'security', 'severity:medium'],
      fingerprint: FINGERPRINT,
    });
    const body = issue?.target === 'github' ? issue.body : '';
    expect(body).toContain('charts/shop/templates/deployment.yaml#L7');
    expect(body).toContain('cc @acme/payments @alice');
    expect(body.endsWith(MARKER)).toBe(true);
    expect(issue?.summary).toMatch(/^dry run: would open an issue in acme\/shop/);
    expect(hook).toMatchObject({ target: 'webhook', outcome: 'planned', url: receiver.url });
    expect(Buffer.from(hook?.target === 'webhook' ? hook.payload : [])).toEqual(
      Buffer.from(jsonOf(incident())),
    );
  });

  it('send: opens one issue in the source repository with the planned title, labels and marker', async () => {
    const result = await run({ labels: ['runtime'] });
    expect(result).toMatchObject({
      outcome: 'created',
      issueUrl: 'https://github.com/acme/shop/issues/1',
      summary: 'opened https://github.com/acme/shop/issues/1',
    });
    const issues = github.issues('acme/shop');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      title: 'Terminal shell in container on Deployment shop/api',
      labels: ['trailmark', 'runtime'],
    });
    expect(issues[0]?.body.endsWith(MARKER)).toBe(true);
  });

  it('a second run with the same fingerprint comments on that issue instead', async () => {
    await run();
    // Right after the first run: GitHub's search has not indexed the issue yet.
    const second = await run();
    expect(second).toMatchObject({
      outcome: 'commented',
      issueUrl: 'https://github.com/acme/shop/issues/1',
    });
    expect(second.target === 'github' && second.commentUrl).toMatch(/#issuecomment-\d+$/);
    github.indexSearch();
    expect((await run()).outcome).toBe('commented');
    const [issue, ...others] = github.issues('acme/shop');
    expect(others).toEqual([]);
    expect(issue?.comments).toHaveLength(2);
    expect(issue?.comments[0]).toMatch(/^\*\*Seen again\*\* at 2026-11-29T09:59:58.123Z/);
    expect(issue?.comments[0]).not.toContain('cc @');
  });

  it('another incident of the same workload gets its own issue', async () => {
    await run();
    const other = incident({ fingerprint: `sha256:${'0'.repeat(64)}` });
    const [result] = await escalate(other, options());
    expect(result?.outcome).toBe('created');
    expect(github.issues('acme/shop').map((issue) => issue.number)).toEqual([1, 2]);
  });

  it('a recurrence after the issue was closed opens a new one that points to it', async () => {
    await github.stop();
    github = await startFakeGithub({
      issues: {
        'acme/shop': [
          { title: 'old', body: `x\n\n${MARKER}`, state: 'closed', labels: ['trailmark'] },
        ],
      },
    });
    const result = await run();
    expect(result.outcome).toBe('created');
    expect(github.issues('acme/shop')[1]?.body).toMatch(/^Previously reported in #1 \(closed\)\./);
  });

  it('a 500 then a 429 with retry-after: one issue, after the wait GitHub asked for', async () => {
    const create = { path: '/repos/acme/shop/issues', method: 'POST' };
    github.failNext(500, 1, create);
    github.failNext(429, 1, { ...create, headers: { 'retry-after': '1' } });
    const result = await run();
    expect(result.outcome).toBe('created');
    expect(github.issues('acme/shop')).toHaveLength(1);
    const posts = github.requests.filter((request) => request.method === 'POST');
    expect(posts.map((request) => request.path)).toEqual(Array(3).fill('/repos/acme/shop/issues'));
    expect(sleeps).toEqual([1000, 1000]);
    expect(result.warnings).toEqual([
      expect.stringContaining('got HTTP 500; retry 1 of 3 in 1000 ms'),
      expect.stringContaining('got HTTP 429; retry 2 of 3 in 1000 ms'),
    ]);
  });

  it('waits exactly what retry-after says, not the 5xx backoff', async () => {
    github.failNext(429, 1, {
      path: '/repos/acme/shop/issues',
      method: 'POST',
      headers: { 'retry-after': '4' },
    });
    expect((await run()).outcome).toBe('created');
    expect(sleeps).toEqual([4000]);
    expect(github.issues('acme/shop')).toHaveLength(1);
  });

  it('fails with a GITHUB_* code naming the repository, never the token', async () => {
    const rejected = await failure({
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
      },
    });
    expect(rejected.code).toBe('GITHUB_AUTH');
    expect(rejected.message).not.toContain('ghp_');
    github.failNext(503, 4);
    const down = await failure({});
    expect(down.code).toBe('GITHUB_UNREACHABLE');
    expect(down.message).toContain('acme/shop');
    expect(github.issues('acme/shop')).toEqual([]);
  });

  it('needs GITHUB_TOKEN to send, and asks nothing without it', async () => {
    const missing = await failure({ env: { GITHUB_API_URL: github.url } });
    expect(missing.code).toBe('INPUT_USAGE');
    expect(missing.message).toContain('GITHUB_TOKEN');
    expect(github.requests).toEqual([]);
  });

  it('skips an incident whose origin is not on this GitHub, saying why', async () => {
    const elsewhere = incident({
      origin: { ...incident().origin!, repository: 'https://gitlab.example/acme/shop' },
    });
    const [result] = await escalate(elsewhere, options());
    expect(result).toMatchObject({ outcome: 'skipped' });
    expect(result?.summary).toBe(
      'not escalated to GitHub: https://gitlab.example/acme/shop is not a repository on github.com',
    );
    expect(github.requests).toEqual([]);
  });
});

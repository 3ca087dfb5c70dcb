import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrailmarkError } from '@trailmark/core';
import {
  createTempDir,
  startWebhookReceiver,
  type TempDir,
  type WebhookReceiver,
} from '@trailmark/testing';
import { escalate, type EscalateOptions, type WebhookEscalationResult } from '../src/escalate.js';
import { incident, jsonOf, markdownOf } from './escalate-incident.js';

const SECRET = 'whsec-7d1f0a9c3b5e8d2f4a6c';

let dir: TempDir;
let receiver: WebhookReceiver;
const sleeps: number[] = [];
/** Everything escalation showed the user: results, warnings, error messages, inspected errors. */
const shown: string[] = [];

beforeEach(async () => {
  dir = await createTempDir('trailmark-escalate-');
  // As `echo "$SECRET" > secret` writes it: with a trailing newline.
  await writeFile(join(dir.path, 'secret'), `${SECRET}\n`);
  receiver = await startWebhookReceiver({ secret: SECRET });
  sleeps.length = 0;
  shown.length = 0;
});
afterEach(async () => {
  await receiver.stop();
  await dir.cleanup();
  for (const text of shown) expect(text).not.toContain(SECRET);
});

function options(url: string, secretFile = 'secret'): EscalateOptions {
  const subject = incident();
  return {
    markdown: markdownOf(subject),
    json: jsonOf(subject),
    targets: [{ kind: 'webhook', url, secretFile }],
    send: true,
    cwd: dir.path,
    env: {},
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

async function run(url: string, secretFile?: string): Promise<WebhookEscalationResult> {
  const results = await escalate(incident(), options(url, secretFile));
  shown.push(JSON.stringify(results), inspect(results, { depth: Infinity }));
  const [result] = results;
  if (result?.target !== 'webhook') throw new Error('expected one webhook result');
  return result;
}

async function failure(url: string, secretFile?: string): Promise<TrailmarkError> {
  const err = await escalate(incident(), options(url, secretFile)).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(TrailmarkError);
  shown.push((err as Error).message, inspect(err, { depth: Infinity }));
  return err as TrailmarkError;
}

describe('escalate to a webhook', () => {
  it('POSTs the incident JSON byte for byte, signed so the receiver verifies it', async () => {
    const result = await run(receiver.url);
    expect(result).toMatchObject({ outcome: 'delivered', status: 204, url: receiver.url });
    expect(result.summary).toBe(`delivered the incident to ${receiver.url} (HTTP 204)`);
    const [delivery, ...more] = receiver.deliveries;
    expect(more).toEqual([]);
    expect(delivery?.verified).toBe(true);
    expect(delivery?.body.toString('utf8')).toBe(jsonOf(incident()));
    expect(delivery?.headers['content-type']).toBe('application/json');
    const expected = createHmac('sha256', SECRET).update(jsonOf(incident())).digest('hex');
    expect(delivery?.headers['x-trailmark-signature-256']).toBe(`sha256=${expected}`);
  });

  it('a receiver with another secret rejects it: WEBHOOK_REJECTED naming the URL, no retry', async () => {
    await writeFile(join(dir.path, 'wrong'), 'not-the-shared-secret\n');
    const err = await failure(receiver.url, 'wrong');
    expect(err.code).toBe('WEBHOOK_REJECTED');
    expect(err.message).toBe(
      `webhook ${receiver.url} answered HTTP 401; the incident was not delivered`,
    );
    expect(receiver.deliveries.map((delivery) => delivery.verified)).toEqual([false]);
    expect(sleeps).toEqual([]);
  });

  it('retries a receiver that fails once', async () => {
    receiver.failNext(1, 503);
    const result = await run(receiver.url);
    expect(result.outcome).toBe('delivered');
    expect(receiver.deliveries.map((delivery) => delivery.status)).toEqual([503, 204]);
    expect(sleeps).toEqual([1000]);
    expect(result.warnings).toEqual([
      `webhook ${receiver.url} answered HTTP 503; retry 1 of 2 in 1000 ms`,
    ]);
  });

  it('a receiver that keeps failing: WEBHOOK_UNREACHABLE after three attempts', async () => {
    receiver.failNext(3, 500);
    const err = await failure(receiver.url);
    expect(err.code).toBe('WEBHOOK_UNREACHABLE');
    expect(err.message).toBe(
      `webhook ${receiver.url} answered HTTP 500 after 3 attempts; the incident was not delivered`,
    );
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('nobody listening: WEBHOOK_UNREACHABLE', async () => {
    const port = await closedPort();
    const err = await failure(`http://127.0.0.1:${String(port)}/hook`);
    expect(err.code).toBe('WEBHOOK_UNREACHABLE');
    expect(err.message).toContain(`http://127.0.0.1:${String(port)}/hook could not be reached`);
  });

  it('credentials in the URL go in a header; messages show neither them nor the query', async () => {
    const { host } = new URL(receiver.url);
    const url = `http://hook-user:hook-pass@${host}/hook?token=query-token-value`;
    receiver.failNext(1, 404);
    const err = await failure(url);
    expect(err.message).toBe(
      `webhook http://${host}/hook?… answered HTTP 404; the incident was not delivered`,
    );
    expect(inspect(err, { depth: Infinity })).not.toMatch(/hook-pass|query-token-value/);
    const [delivery] = receiver.deliveries;
    expect(delivery?.path).toBe('/hook?token=query-token-value');
    expect(delivery?.headers.authorization).toBe(
      `Basic ${Buffer.from('hook-user:hook-pass').toString('base64')}`,
    );
  });

  it('a missing or empty secret file is an input error naming the file, before any POST', async () => {
    const missing = await failure(receiver.url, 'nope');
    expect(missing.code).toBe('INPUT_NOT_FOUND');
    expect(missing.message).toMatch(/^nope: /);
    await writeFile(join(dir.path, 'empty'), '\n');
    const empty = await failure(receiver.url, 'empty');
    expect(empty.code).toBe('INPUT_INVALID');
    expect(empty.message).toBe('empty: the webhook secret is empty');
    expect(receiver.deliveries).toEqual([]);
  });
});

// A port that was free a moment ago: connecting to it is refused.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return typeof address === 'object' && address !== null ? address.port : 0;
}

import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { SCHEMAS_DIR } from '../../src/schemas.js';
import { serve } from '../../src/serve/serve.js';
import { serveStatus } from '../../src/serve/status.js';

// serve() in-process on a real SQLite outbox and a recorded snapshot, no escalation target (the
// jobs are recorded and completed): HMAC-signed requests, metrics, the log (no secret in it), drain.

const TOKEN = 'tok-facade-3d9a77e1';
const HMAC = 'hmac-facade-b2c4e6f8';
let dir: TempDir;
let url: string;
let stopped: Promise<void>;
const stop = new AbortController();
const log: string[] = [];

const alert = (uuid: string): string =>
  JSON.stringify({
    uuid,
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: `shell in queue-l4dv8 (token ${TOKEN})`,
    source: 'syscall',
    time: '2024-03-06T08:40:02Z',
    output_fields: { 'k8s.ns.name': 'default', 'k8s.pod.name': 'queue-l4dv8' },
  });
const sign = (body: string): string =>
  `sha256=${createHmac('sha256', HMAC).update(body).digest('hex')}`;
const post = (body: string, headers: Record<string, string>) =>
  fetch(`${url}/v1/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body,
  });

beforeAll(async () => {
  dir = await createTempDir('trailmark-serve-facade-');
  writeFileSync(join(dir.path, 'token'), `${TOKEN}\n`);
  writeFileSync(join(dir.path, 'hmac'), HMAC);
  const listening = new Promise<string>((resolve, reject) => {
    stopped = serve({
      cwd: dir.path,
      env: {},
      flags: {
        listen: '127.0.0.1:0',
        tokenFile: 'token',
        hmacSecretFile: 'hmac',
        store: 'sqlite:outbox.db',
        snapshot: join(SCHEMAS_DIR, 'examples/cluster-snapshot.v1/valid-recorded-objects.json'),
        workers: 1,
      },
      signal: stop.signal,
      logStream: { write: (line: string) => log.push(line) },
      onListening: resolve,
    });
    stopped.catch(reject);
  });
  url = await listening;
}, 60_000);

afterAll(async () => {
  stop.abort();
  await stopped.catch(() => undefined);
  await dir.cleanup();
});

describe('serve()', () => {
  it('with --hmac-secret-file, only a body signed with the secret is accepted', async () => {
    const body = alert('f-1');
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-trailmark-signature-256': sign(`${body} `) })).status).toBe(401);
    const ok = await post(body, { 'x-trailmark-signature-256': sign(body) });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ accepted: 1, duplicates: 0 });
    const again = await post(body, { 'x-trailmark-signature-256': sign(body) });
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('/metrics: received, accepted, duplicates, rejected by reason, latency', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/^trailmark_serve_alerts_received_total 2$/m);
    expect(text).toMatch(/^trailmark_serve_alerts_accepted_total 1$/m);
    expect(text).toMatch(/^trailmark_serve_alerts_duplicate_total 1$/m);
    expect(text).toMatch(/^trailmark_serve_requests_rejected_total\{reason="bad_signature"\} 2$/m);
    expect(text).toMatch(
      /^trailmark_serve_request_duration_seconds_count\{route="\/v1\/alerts",status="202"\} 2$/m,
    );
    expect(text).toMatch(/^# TYPE trailmark_serve_queue_depth gauge$/m);
  });

  it('the job is completed, and the log never holds the token or the HMAC secret', async () => {
    const until = Date.now() + 10_000;
    while (!log.some((line) => line.includes('"msg":"escalated"')) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.some((line) => line.includes('"msg":"escalated"'))).toBe(true);
    expect(log.some((line) => line.includes('"msg":"request refused"'))).toBe(true);
    for (const line of log) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(HMAC);
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });

  it('SIGTERM (the signal) drains and resolves; the outbox holds the job as done', async () => {
    stop.abort();
    await stopped;
    const status = await serveStatus({ store: 'sqlite:outbox.db', cwd: dir.path });
    expect(status.stats).toMatchObject({ pending: 0, inflight: 0, done: 1, dead: 0 });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

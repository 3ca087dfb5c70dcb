import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startWebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** The shared secret the `X-Trailmark-Signature-256` HMAC must be made with. */
  secret: string;
}

/** One POST as the receiver got it. */
export interface WebhookDelivery {
  path: string;
  headers: Record<string, string>;
  /** The exact bytes received. */
  body: Buffer;
  /** True when the signature header matched the HMAC-SHA256 of `body` under the secret. */
  verified: boolean;
  /** The status answered. */
  status: number;
}

/** A webhook endpoint on 127.0.0.1 that checks trailmark's signature. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook`. */
  url: string;
  /** Every POST, in order, verified or not. */
  deliveries: WebhookDelivery[];
  /** The next `count` deliveries are answered `status` (default 503) whatever their signature. */
  failNext(count?: number, status?: number): void;
  stop(): Promise<void>;
}

/**
 * Starts a receiver as a service consuming trailmark webhooks would run one: it recomputes
 * `sha256=<hex HMAC-SHA256 of the raw body>` and compares it with `X-Trailmark-Signature-256` in
 * constant time; a match answers 204, a mismatch or missing header 401, a non-JSON body 400.
 */
export async function startWebhookReceiver(
  options: WebhookReceiverOptions,
): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  const failures: number[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === 'string') headers[name] = value;
      const verified = signatureMatches(options.secret, body, headers['x-trailmark-signature-256']);
      const status = failures.shift() ?? (!verified ? 401 : isJson(body) ? 204 : 400);
      deliveries.push({ path: req.url ?? '/', headers, body, verified, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 204 ? undefined : `status ${String(status)}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${String(port)}/hook`,
    deliveries,
    failNext(count = 1, status = 503) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

// Constant-time comparison of equal-length digests; a header of another length fails first.
function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isJson(body: Buffer): boolean {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    // Not JSON: answered 400.
    return false;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

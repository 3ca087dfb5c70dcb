import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * Writes `<dir>/git`, a stand-in for the git binary that fails the given subcommands the way git
 * fails against a remote that refuses a token — its stderr quotes the remote URL with the
 * credentials and an `Authorization` header — and runs the real git for everything else.
 * Returns a `PATH` value with `dir` first.
 */
export function writeFailingGit(dir: string, secret: string, failOn: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const cases = failOn.join('|');
  const script = [
    '#!/bin/sh',
    'for arg in "$@"; do',
    '  case "$arg" in',
    `    ${cases})`,
    `      echo "fatal: unable to access 'https://x-access-token:${secret}@github.com/acme/shop.git/': The requested URL returned error: 403" >&2`,
    `      echo "Authorization: Bearer ${secret}" >&2`,
    '      exit 128;;',
    '  esac',
    'done',
    `exec '${realGit}' "$@"`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'git'), script);
  chmodSync(join(dir, 'git'), 0o755);
  return `${dir}${delimiter}${process.env.PATH ?? ''}`;
}

/** A registry on 127.0.0.1 whose every error quotes the request's credentials. */
export interface EchoingRegistry {
  /** `127.0.0.1:<port>` (`127.0.0.2:<port>` with TLS), the registry part of image references. */
  host: string;
  /** Every request: method, path and whether it carried an Authorization header. */
  requests: { method: string; path: string; authorized: boolean }[];
  stop(): Promise<void>;
}

/**
 * Starts a registry that challenges for Basic auth (`401` with `WWW-Authenticate`), then answers
 * every authenticated request `403 DENIED` with a message quoting the Authorization header — as
 * some registries and proxies do. For secret-leak tests of registry errors. With `tls`, it serves
 * https on 127.0.0.2 (still loopback, but not a name @sigstore/oci talks plain http to) with a
 * throwaway self-signed certificate (openssl), for clients that refuse plain http: the caller
 * must accept it (`NODE_TLS_REJECT_UNAUTHORIZED=0` in the test).
 */
export async function startEchoingRegistry(
  options: { tls?: boolean } = {},
): Promise<EchoingRegistry> {
  const requests: EchoingRegistry['requests'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const authorization = req.headers.authorization;
    requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorized: authorization !== undefined,
    });
    req.resume();
    if (authorization === undefined) {
      res
        .writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': 'Basic realm="echoing-registry"',
          'docker-distribution-api-version': 'registry/2.0',
        })
        .end(
          JSON.stringify({
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          }),
        );
      return;
    }
    const message = `access to ${req.url ?? ''} denied for ${authorization}`;
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ code: 'DENIED', message }] }));
  };
  const server: Server = options.tls
    ? createTlsServer(selfSigned(), handler)
    : createServer(handler);
  const address = options.tls ? '127.0.0.2' : '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    host: `${address}:${String((server.address() as AddressInfo).port)}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

// A P-256 key and a one-day certificate for IP 127.0.0.2; the files are removed at once.
function selfSigned(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'trailmark-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.2',
        '-addext',
        'subjectAltName=IP:127.0.0.2',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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
  /** `127.0.0.1:<port>`, the registry part of image references. */
  host: string;
  /** Every request: method, path and whether it carried an Authorization header. */
  requests: { method: string; path: string; authorized: boolean }[];
  stop(): Promise<void>;
}

/**
 * Starts a registry that challenges for Basic auth (`401` with `WWW-Authenticate`), then answers
 * every authenticated request `403 DENIED` with a message quoting the Authorization header — as
 * some registries and proxies do. For secret-leak tests of registry errors.
 */
export async function startEchoingRegistry(): Promise<EchoingRegistry> {
  const requests: EchoingRegistry['requests'] = [];
  const server: Server = createServer((req, res) => {
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${String((server.address() as AddressInfo).port)}`,
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

import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
// The deep imports skip the package index, which loads nock 14 and would intercept every request.
import { tufHandlers } from '@tufjs/repo-mock/dist/handler.js';
import { initializeTUFRepo } from '@tufjs/repo-mock/dist/repo.js';
import { createTempDir } from './temp-dir.js';

/** A TUF repository served on 127.0.0.1. */
export interface TestTufRepository {
  /** Mirror URL: metadata at the root (`/timestamp.json`), targets under `/targets/`. */
  url: string;
  /** The repository's `1.root.json`, written to a temp file: the `rootPath` a client starts from. */
  rootPath: string;
  /** Every path requested, in order. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Builds a signed TUF repository (root, timestamp, snapshot, targets — `@tufjs/repo-mock`'s
 * `initializeTUFRepo`, real ed25519 signatures) holding `targets`, and serves it over node:http
 * in Sigstore's CDN layout, which `@sigstore/tuf` expects: `/1.root.json`, `/timestamp.json`,
 * `/snapshot.json`, `/targets.json`, `/targets/<name>`; anything else (e.g. `2.root.json`: no
 * root rotation) is a 404.
 */
export async function startTufRepository(
  targets: { name: string; content: string }[],
): Promise<TestTufRepository> {
  const repo = initializeTUFRepo(targets);
  const routes = new Map(
    tufHandlers(repo, { metadataPathPrefix: '' }).map((handler) => [handler.path, handler.fn]),
  );
  const dir = await createTempDir('trailmark-tuf-');
  const rootPath = path.join(dir.path, 'root.json');
  await writeFile(rootPath, JSON.stringify(repo.rootMeta.toJSON()));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(pathname);
    const answer = routes.get(pathname)?.() ?? { statusCode: 404, response: '' };
    res.writeHead(answer.statusCode, {
      'content-type': answer.contentType ?? 'application/octet-stream',
    });
    res.end(answer.response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    rootPath,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await dir.cleanup();
    },
  };
}

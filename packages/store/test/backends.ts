import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startPostgres, type TempDir, type TestPostgres } from '@trailmark/testing';

/** One kind of store the behavioural suites run against. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** The URL of a new, empty outbox. */
  freshUrl(): Promise<string>;
}

let counter = 0;

/** A SQLite file in a temp dir per outbox; the dir is removed after the file's tests. */
export function sqliteBackend(): Backend {
  let dir: TempDir | undefined;
  afterAll(async () => {
    await dir?.cleanup();
  });
  return {
    name: 'sqlite',
    async freshUrl() {
      dir ??= await createTempDir('trailmark-store-');
      counter += 1;
      return `sqlite:${path.join(dir.path, `outbox-${counter}.db`)}`;
    },
  };
}

/** A real PostgreSQL server for the file's tests, one database per outbox. */
export function postgresBackend(): Backend {
  let server: TestPostgres | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    name: 'postgres',
    freshUrl() {
      if (server === undefined) throw new Error('PostgreSQL did not start');
      counter += 1;
      return server.createDatabase(`outbox_${process.pid}_${counter}`);
    },
  };
}

/** Both stores, for `describe.each(BACKENDS)`: the behavioural suites run on each. */
export const BACKENDS = [
  ['sqlite', sqliteBackend],
  ['postgres', postgresBackend],
] as const;

/**
 * Called inside a `describe`: opens a new, empty outbox of `backend`'s kind per call, each closed
 * after its test.
 */
export function freshOutboxes(backend: Backend): () => Promise<Outbox> {
  const open: Outbox[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((outbox) => outbox.close()));
  });
  return async () => {
    const outbox = await openOutbox(await backend.freshUrl());
    open.push(outbox);
    return outbox;
  };
}

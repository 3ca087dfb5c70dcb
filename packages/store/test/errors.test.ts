import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempDir,
  freePort,
  startPostgres,
  type TempDir,
  type TestPostgres,
} from '@trailmark/testing';
import { openOutbox, parseStoreUrl, StoreError, type StoreErrorCode } from '@trailmark/store';

/** The whole error as a user or a log could see it: message, stack and every cause. */
function everything(err: unknown): string {
  let text = '';
  for (let e: unknown = err; e instanceof Error; e = e.cause)
    text += `${e.name}: ${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}\n`;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<StoreError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreError);
  return err as StoreError;
}

async function expectCode(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const err = await failure(promise);
  expect(err.code, err.message).toBe(code);
  return err;
}

describe('store URLs', () => {
  it.each([
    ['mysql://u:p@host/db', 'has the scheme "mysql:"'],
    ['/var/lib/outbox.db', 'has no scheme'],
    ['sqlite:', 'has no path'],
    ['sqlite://host/outbox.db', 'a host is not allowed'],
    ['sqlite::memory:', 'must be a file'],
    ['postgres://', 'names no host'],
  ])('refuses %s as usage (STORE_URL)', async (url, says) => {
    const err = await expectCode(openOutbox(url), 'STORE_URL');
    expect(err.message).toContain(says);
  });

  it('never quotes the password of a malformed PostgreSQL URL', async () => {
    const err = await expectCode(openOutbox('postgres://app:s3cr3t-pw@[::1/outbox'), 'STORE_URL');
    expect(everything(err)).not.toContain('s3cr3t-pw');
  });

  it('reads sqlite paths and redacts PostgreSQL passwords in the description', () => {
    expect(parseStoreUrl('sqlite:./trailmark-serve.db')).toMatchObject({
      path: './trailmark-serve.db',
    });
    expect(parseStoreUrl('sqlite:///var/lib/t.db')).toMatchObject({ path: '/var/lib/t.db' });
    expect(parseStoreUrl('postgresql://app:p%40ss@db:5432/outbox?sslmode=require')).toEqual({
      kind: 'postgres',
      url: 'postgresql://app:p%40ss@db:5432/outbox?sslmode=require',
      password: 'p@ss',
      description: 'postgresql://db:5432/outbox (user app)',
    });
  });
});

describe('SQLite files it cannot use', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-store-errors-');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('a missing directory is an input error naming the file (STORE_OPEN)', async () => {
    const file = path.join(dir.path, 'missing', 'outbox.db');
    const err = await expectCode(openOutbox(`sqlite:${file}`), 'STORE_OPEN');
    expect(err.message).toContain(file);
  });

  it('a file that is not a database is an input error (STORE_OPEN)', async () => {
    const file = path.join(dir.path, 'notes.txt');
    await writeFile(file, 'these are not the pages of a SQLite database\n'.repeat(200));
    await expectCode(openOutbox(`sqlite:${file}`), 'STORE_OPEN');
  });

  it('a schema newer than this trailmark is refused (STORE_SCHEMA)', async () => {
    const file = path.join(dir.path, 'newer.db');
    await (await openOutbox(`sqlite:${file}`)).close();
    const db = new Database(file);
    db.prepare('UPDATE schema_version SET version = 99').run();
    db.close();
    const err = await expectCode(openOutbox(`sqlite:${file}`), 'STORE_SCHEMA');
    expect(err.message).toContain('schema version 99');
  });

  it('a database of something else is refused (STORE_SCHEMA)', async () => {
    const file = path.join(dir.path, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE jobs (name TEXT)');
    db.close();
    await expectCode(openOutbox(`sqlite:${file}`), 'STORE_SCHEMA');
  });
});

describe('PostgreSQL it cannot use', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server.stop();
  });
  const password = (): string => new URL(server.url).password;

  it('an unreachable server is a service error without the password (STORE_UNREACHABLE)', async () => {
    const port = await freePort();
    const url = `postgres://trailmark:${password()}@127.0.0.1:${port}/outbox`;
    const err = await expectCode(openOutbox(url, { connectTimeoutMs: 2000 }), 'STORE_UNREACHABLE');
    expect(err.message).toContain(`postgres://127.0.0.1:${port}/outbox (user trailmark)`);
    expect(everything(err)).not.toContain(password());
  });

  it('a wrong password is a service error that quotes neither password (STORE_AUTH)', async () => {
    const url = new URL(server.url);
    url.password = 'wrong-password-1234';
    const err = await expectCode(openOutbox(url.toString()), 'STORE_AUTH');
    expect(everything(err)).not.toContain('wrong-password-1234');
    expect(everything(err)).not.toContain(password());
  });

  it('a missing database is a service error (STORE_AUTH)', async () => {
    const url = new URL(server.url);
    url.pathname = '/no_such_database';
    const err = await expectCode(openOutbox(url.toString()), 'STORE_AUTH');
    expect(err.message).toContain('no_such_database');
  });

  it('replicas starting at once migrate once; a newer schema is refused (STORE_SCHEMA)', async () => {
    const url = await server.createDatabase('racing_replicas');
    const replicas = await Promise.all([1, 2, 3, 4].map(() => openOutbox(url)));
    expect(
      await replicas[3]?.enqueue([
        { id: 'a', groupKey: 'g', payload: '{}', receivedAt: new Date() },
      ]),
    ).toEqual({ inserted: 1, duplicates: 0 });
    await Promise.all(replicas.map((outbox) => outbox.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('UPDATE trailmark.schema_version SET version = 42');
    await client.end();
    await expectCode(openOutbox(url), 'STORE_SCHEMA');
  });

  it('a server that goes away turns ping into a service error (STORE_UNREACHABLE)', async () => {
    const other = await startPostgres();
    const outbox = await openOutbox(other.url);
    await outbox.ping();
    await other.stop();
    await expectCode(outbox.ping(), 'STORE_UNREACHABLE');
    await outbox.close();
  }, 60_000);
});

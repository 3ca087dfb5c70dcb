import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { freePort } from './free-port.js';
import {
  keepOutput,
  runAs,
  spawnAs,
  stopChild,
  waitUntilReady,
  type RunAs,
} from './postgres-process.js';
import { createTempDir, type TempDir } from './temp-dir.js';

/** A PostgreSQL server on 127.0.0.1 with its data in a temp dir, alive until `stop()`. */
export interface TestPostgres {
  /** `postgres://trailmark:<password>@127.0.0.1:<port>/postgres` (password authentication). */
  url: string;
  /** Creates an empty database and returns its URL (one per test keeps tests apart). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (by its own pid) and removes its data. */
  stop(): Promise<void>;
}

const USER = 'trailmark';
const PG_ROOT = '/usr/lib/postgresql';
const CLIENT: RunAs = { prefix: [], owner: undefined };

/**
 * Starts Debian's PostgreSQL (`initdb` into a temp dir, then `postgres` on a free loopback port
 * with its unix socket in that dir) and waits until it accepts connections. PostgreSQL refuses
 * to run as root: as root, the server programs run as the `postgres` user (`setpriv`) on a dir
 * chowned to it. TCP connections need the password (scram-sha-256), as in production.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = await postgresBin();
  const dir = await createTempDir('trailmark-postgres-');
  try {
    const how = await unprivileged(dir.path);
    const password = randomBytes(12).toString('hex');
    await initdb(bin, dir.path, password, how);
    return await serve(bin, dir, password, how);
  } catch (err) {
    await dir.cleanup();
    throw err;
  }
}

/** The `bin` directory of the newest PostgreSQL that Debian's `postgresql` package installed. */
async function postgresBin(): Promise<string> {
  const versions = existsSync(PG_ROOT) ? await readdir(PG_ROOT) : [];
  const bin = versions
    .map((version) => path.join(PG_ROOT, version, 'bin'))
    .filter((dir) => existsSync(path.join(dir, 'postgres')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .at(-1);
  if (bin === undefined)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_NOT_FOUND',
      `no ${PG_ROOT}/*/bin/postgres: install it with \`apt-get install postgresql\` (Debian; .ci/run does this)`,
    );
  return bin;
}

/** How to run the server programs: as they are, or (as root) as the `postgres` user. */
async function unprivileged(dir: string): Promise<RunAs> {
  if (process.getuid?.() !== 0) return CLIENT;
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const owner = [id('-u'), id('-g')] as const;
  if (!(owner[0] > 0))
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as');
  await chown(dir, ...owner);
  const prefix = ['setpriv', `--reuid=${owner[0]}`, `--regid=${owner[1]}`, '--init-groups', '--'];
  return { prefix, owner };
}

async function initdb(bin: string, dir: string, password: string, how: RunAs): Promise<void> {
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (how.owner !== undefined) await chown(pwfile, ...how.owner);
  const args = [
    ...['-D', path.join(dir, 'data'), '-U', USER, `--pwfile=${pwfile}`, '-E', 'UTF8'],
    ...['--locale=C', '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync'],
  ];
  const result = await runAs(how, path.join(bin, 'initdb'), args);
  if (result.status !== 0) throw new Error(`initdb failed (${result.status}):\n${result.output}`);
}

async function serve(
  bin: string,
  dir: TempDir,
  password: string,
  how: RunAs,
): Promise<TestPostgres> {
  const port = String(await freePort());
  const args = ['-D', path.join(dir.path, 'data'), '-p', port, '-c', 'listen_addresses=127.0.0.1'];
  args.push('-c', `unix_socket_directories=${dir.path}`);
  const child = spawnAs(how, path.join(bin, 'postgres'), args);
  const output = keepOutput(child);
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopChild(child);
    await dir.cleanup();
  };
  const socket = ['-h', dir.path, '-p', port, '-U', USER];
  const ready = async (): Promise<boolean> =>
    (await runAs(CLIENT, path.join(bin, 'pg_isready'), [...socket, '-d', 'postgres'])).status === 0;
  try {
    await waitUntilReady(child, output, ready);
  } catch (err) {
    await stop();
    throw err;
  }
  const base = `postgres://${USER}:${password}@127.0.0.1:${port}`;
  const createDatabase = async (name: string): Promise<string> => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use [a-z0-9_]`);
    const result = await runAs(CLIENT, path.join(bin, 'createdb'), [...socket, name]);
    if (result.status !== 0) throw new Error(`createdb ${name} failed:\n${result.output}`);
    return `${base}/${name}`;
  };
  return { url: `${base}/postgres`, createDatabase, stop };
}

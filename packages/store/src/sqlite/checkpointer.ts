import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { OpenOutboxOptions } from '../options.js';

/** A thread that checkpoints the WAL of one SQLite file through a connection of its own. */
export interface Checkpointer {
  /** Stops the thread and closes its connection. */
  stop(): Promise<void>;
}

/** What the checkpoint thread is given. */
interface CheckpointerData {
  module: string;
  path: string;
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
  everyMs: number;
}

// The thread's code (CommonJS, run with `eval`, so the bundled CLI needs no file beside it):
// a PASSIVE checkpoint every `everyMs` — it never waits for the writer nor blocks it — with the
// syncs the connection's `synchronous` level asks for, done here rather than on the main thread.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: workerData.busyTimeoutMs });
db.pragma('synchronous = ' + workerData.synchronous);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Starts checkpointing `path`'s WAL on a worker thread, so the fsyncs and page copies of a
 * checkpoint no longer stall the thread that commits (serve's event loop). `onFailure` is told
 * when the thread fails or cannot start: the caller then checkpoints on its own connection again.
 */
export function startCheckpointer(
  path: string,
  options: { synchronous: 'NORMAL' | 'FULL'; busyTimeoutMs: number; everyMs?: number },
  onFailure: (message: string) => void,
): Checkpointer {
  const workerData: CheckpointerData = {
    module: createRequire(import.meta.url).resolve('better-sqlite3'),
    path,
    synchronous: options.synchronous,
    busyTimeoutMs: options.busyTimeoutMs,
    everyMs: options.everyMs ?? 200,
  };
  const worker = new Worker(SOURCE, { eval: true, workerData });
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      if (!stopping) onFailure(`the checkpoint thread exited (${String(code)})`);
      resolve();
    });
  });
  worker.on('error', (error) => {
    onFailure(error.message);
  });
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) onFailure(message.error);
  });
  return {
    async stop() {
      stopping = true;
      // Referenced again, so the process waits for the thread to close its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}

/** SQLite's default WAL size (pages) at which a commit checkpoints. */
const DEFAULT_CHECKPOINT_PAGES = 1000;
/** The same while a thread checkpoints: only should it fall far behind (about 40 MiB of WAL). */
const GUARD_CHECKPOINT_PAGES = 10_000;

/**
 * Hands `db`'s checkpoints to a thread: its commits then checkpoint only past a WAL far larger
 * than the default (a guard should the thread fall behind), and as before if the thread fails.
 */
export function checkpointOnThread(
  db: Database,
  path: string,
  options: OpenOutboxOptions,
): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${String(GUARD_CHECKPOINT_PAGES)}`);
  return startCheckpointer(
    path,
    {
      synchronous: options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL',
      busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    },
    () => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${String(DEFAULT_CHECKPOINT_PAGES)}`);
    },
  );
}

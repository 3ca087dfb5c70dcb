import { Worker } from 'node:worker_threads';

/** What `execFile` resolves with, or the fields of its error that the runner reads. */
interface Reply {
  id: number;
  stdout?: string;
  error?: { message: string; code?: unknown; signal?: unknown; killed?: unknown; stderr?: string };
}

/** Options passed through to `execFile` in the worker (structured-cloneable). */
export interface ExecOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  encoding: 'utf8';
  maxBuffer: number;
  windowsHide: boolean;
}

// Plain CommonJS run by the worker: one `execFile` per message, its outcome posted back.
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const { execFile } = require('node:child_process');
parentPort.on('message', ({ id, file, args, options }) => {
  execFile(file, args, options, (error, stdout, stderr) => {
    if (!error) return parentPort.postMessage({ id, stdout });
    const { message, code, signal, killed } = error;
    parentPort.postMessage({ id, error: { message, code, signal, killed, stderr } });
  });
});
`;

/**
 * Runs `execFile` on a worker thread. Starting a process blocks the thread that starts it until
 * the child has exec'd (milliseconds each, tens of them on a loaded machine); off the main thread,
 * a batch of git processes starts while the main thread goes on parsing. The worker holds the
 * event loop open only while a call is pending.
 */
export class OffThreadExec {
  #worker: Worker | undefined;
  readonly #pending = new Map<number, { resolve: (r: Reply) => void }>();
  #next = 0;

  /** stdout of a successful run; rejects with an Error carrying `code`, `signal`, `stderr`. */
  run(file: string, args: readonly string[], options: ExecOptions): Promise<string> {
    const worker = this.#start();
    const id = this.#next++;
    const reply = new Promise<Reply>((resolve) => this.#pending.set(id, { resolve }));
    if (this.#pending.size === 1) worker.ref();
    worker.postMessage({ id, file, args: [...args], options });
    return reply.then((r) => {
      if (!r.error) return r.stdout ?? '';
      throw Object.assign(new Error(r.error.message), r.error);
    });
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(WORKER_CODE, { eval: true });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      pending?.resolve(reply);
    });
    worker.on('error', (error: Error) => {
      this.#fail(error);
    });
    worker.on('exit', () => {
      this.#fail(new Error('git worker thread exited'));
    });
    this.#worker = worker;
    return worker;
  }

  #fail(error: Error): void {
    this.#worker = undefined;
    for (const [id, pending] of this.#pending)
      pending.resolve({ id, error: { message: error.message } });
    this.#pending.clear();
  }
}

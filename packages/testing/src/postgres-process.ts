import { spawn, type ChildProcess } from 'node:child_process';

/** How to run PostgreSQL's server programs: a command prefix, and the owner of their files. */
export interface RunAs {
  /** `setpriv …` when root; empty otherwise. */
  prefix: string[];
  /** uid and gid files must belong to, when root. */
  owner: readonly [number, number] | undefined;
}

/** Starts `program args` under `runAs`, output piped. */
export function spawnAs(runAs: RunAs, program: string, args: string[]): ChildProcess {
  const [command = program, ...rest] = [...runAs.prefix, program, ...args];
  return spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `program args` under `runAs` to its end: exit status and combined output. */
export function runAs(
  how: RunAs,
  program: string,
  args: string[],
): Promise<{ status: number; output: string }> {
  const child = spawnAs(how, program, args);
  const output = keepOutput(child);
  return new Promise((resolve) => {
    child.once('error', (err) => {
      resolve({ status: -1, output: err.message });
    });
    child.once('close', (code) => {
      resolve({ status: code ?? -1, output: output() });
    });
  });
}

/** Keeps the last few KB of the process's output for error messages (and drains the pipes). */
export function keepOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

/** Waits until `ready()` is true, or fails when the server exits or 30 s pass. */
export async function waitUntilReady(
  child: ChildProcess,
  output: () => string,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `postgres exited (${String(child.exitCode ?? child.signalCode)}) before accepting connections:\n${output()}`,
      );
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`postgres did not accept connections within 30 s:\n${output()}`);
}

/** Fast shutdown (SIGINT), then SIGKILL after 10 s; resolves when the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

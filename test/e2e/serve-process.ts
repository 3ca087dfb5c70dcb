import { spawn, type ChildProcess } from 'node:child_process';
import { TRAILMARK_BIN } from '@trailmark/testing';
import type { Release } from './verify-release.js';

/** A `trailmark serve` child process of the built CLI. */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stderr so far (its JSON log and the CLI's lines). */
  stderr(): string;
  stdout(): string;
  /** Sends `signal` and resolves with the exit code (or the signal's name). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * Starts `trailmark serve --listen 127.0.0.1:0 …` in `cwd` and resolves once it says where it
 * listens; rejects when it exits first (with its stderr).
 */
export function startServe(
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<ServeProcess> {
  const outer: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('GITHUB_') && !key.startsWith('TRAILMARK_'))
      outer[key] = value;
  const child = spawn(TRAILMARK_BIN, ['serve', '--listen', '127.0.0.1:0', ...args], {
    cwd,
    env: { ...outer, KUBECONFIG: '', ...env },
    stdio: 'pipe',
  });
  let err = '';
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? signal);
    });
  });
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /serve listening on (http:\/\/\S+)/.exec(err);
      if (match?.[1] !== undefined)
        resolve({
          url: match[1],
          child,
          stderr: () => err,
          stdout: () => out,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
    });
    void exited.then((code) => {
      reject(new Error(`serve exited (${String(code)}) before listening:\n${err}`));
    });
  });
}

/** POSTs `body` to `/v1/alerts`. */
export async function postAlerts(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${url}/v1/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** Polls `check` until it returns true (or fails the test after `timeoutMs`). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** The flags every e2e serve shares: the token file, the release's snapshot, bundles and key. */
export function releaseServeArgs(release: Release, tokenFile = 'token'): string[] {
  return [
    '--token-file',
    tokenFile,
    '--snapshot',
    release.tampered,
    '--bundles',
    release.bundles,
    '--key',
    release.publicKey,
  ];
}

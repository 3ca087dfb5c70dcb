// The server side of bench/serve: the built `trailmark serve` in a child process, on 127.0.0.1.
import { spawn } from 'node:child_process';

/**
 * Starts `node packages/cli/dist/bin.js serve --listen 127.0.0.1:0 …args` and resolves with its
 * URL once it listens and /readyz answers 200. Keeps the last 64 KiB of its stderr for errors.
 */
export async function startServe(cli, args, env) {
  const outer = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith('GITHUB_') && !key.startsWith('TRAILMARK_')) outer[key] = value;
  const child = spawn(process.execPath, [cli, 'serve', '--listen', '127.0.0.1:0', ...args], {
    env: { ...outer, KUBECONFIG: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      err = (err + chunk.toString()).slice(-65536);
      const match = /serve listening on (http:\/\/\S+)/.exec(err);
      if (match) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}):\n${err}`)));
  });
  for (let tries = 0; ; tries++) {
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (tries > 600) throw new Error(`serve not ready after 60 s:\n${err}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid,
    stderr: () => err,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

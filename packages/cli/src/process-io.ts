import type { CliIo } from './io.js';

/** The real process as a {@link CliIo}: the one place the CLI touches `process`. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdinIsTty: process.stdin.isTTY,
    stdoutIsTty: process.stdout.isTTY,
    stderrIsTty: process.stderr.isTTY,
    env: process.env,
    cwd: process.cwd(),
    onStopSignal: (stop) => {
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      };
    },
  };
}

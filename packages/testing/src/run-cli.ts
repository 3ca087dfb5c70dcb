import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file lives in packages/testing/src or dist). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The built CLI entry, run exactly as `node_modules/.bin/trailmark` runs it. */
export const TRAILMARK_BIN = `${REPO_ROOT}node_modules/.bin/trailmark`;

/** What a CLI run printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runTrailmark}. */
export interface RunOptions {
  cwd: string;
  /** Text for stdin; stdin is closed empty when absent. */
  input?: string | Buffer;
  /** Extra environment; GITHUB_* variables of the outer process are removed first. */
  env?: Record<string, string>;
  /**
   * Run without the capabilities that let root ignore file modes and ownership (DAC override, DAC
   * read-search, fowner), through util-linux `setpriv`: a root test process can then meet EACCES and
   * EPERM on its own files while still reading the repository wherever it was cloned.
   */
  withoutFileCapabilities?: boolean;
}

const FILE_CAPABILITIES = '-dac_override,-dac_read_search,-fowner';
const DROP_FILE_CAPABILITIES = [
  `--inh-caps=${FILE_CAPABILITIES}`,
  `--bounding-set=${FILE_CAPABILITIES}`,
];

/** Runs the built `trailmark` command in a child process and collects its output. */
export function runTrailmark(args: readonly string[], options: RunOptions): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('GITHUB_') && !key.startsWith('RUNNER_'))
      env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const [command, argv] = options.withoutFileCapabilities
      ? ['setpriv', [...DROP_FILE_CAPABILITIES, TRAILMARK_BIN, ...args]]
      : [TRAILMARK_BIN, [...args]];
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: { ...env, ...options.env },
      stdio: 'pipe',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** What a command may touch of the process: streams, environment and working directory. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdinIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** Prints warnings on stderr, one line each, prefixed so they are easy to grep. */
export function printWarnings(io: CliIo, warnings: readonly string[]): void {
  for (const warning of warnings) io.stderr(`trailmark: warning: ${warning}\n`);
}

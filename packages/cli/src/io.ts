/** What a command may touch of the process: streams, environment and working directory. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdinIsTty: boolean;
  /** stdout is a terminal (color in text reports). */
  stdoutIsTty?: boolean;
  /** stderr is a terminal (progress lines). */
  stderrIsTty?: boolean;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Calls `stop` on SIGTERM or SIGINT (long-running commands: serve); returns the unsubscribe. */
  onStopSignal?: (stop: () => void) => () => void;
}

/** Options of {@link printWarnings}. */
export interface PrintOptions {
  /** Print every warning as it came, repeats included (`--verbose`). */
  verbose?: boolean;
}

/**
 * Warnings as printed: identical ones collapse into one line with a count, `… (×3)`, in the order
 * each first appeared — a hundred identical lines hide the one that matters.
 */
export function collapseWarnings(warnings: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const warning of warnings) counts.set(warning, (counts.get(warning) ?? 0) + 1);
  return [...counts].map(([warning, count]) => (count > 1 ? `${warning} (×${count})` : warning));
}

/** Prints warnings on stderr, one line each, prefixed so they are easy to grep; repeats collapsed unless verbose. */
export function printWarnings(
  io: CliIo,
  warnings: readonly string[],
  options: PrintOptions = {},
): void {
  const lines = options.verbose ? warnings : collapseWarnings(warnings);
  for (const warning of lines) io.stderr(`trailmark: warning: ${warning}\n`);
}

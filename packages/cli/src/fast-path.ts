import { TRAILMARK_VERSION } from '@trailmark/trailmark/version';

/**
 * Answers `trailmark --version` (or `-V`) alone without loading commander and the command table:
 * the same text and exit code commander's `.version()` gives, a fraction of the start-up time.
 * Returns the exit code, or `undefined` when `argv` is anything else (the full CLI then runs).
 */
export function fastPath(
  argv: readonly string[],
  stdout: (text: string) => void,
): number | undefined {
  if (argv.length !== 1 || (argv[0] !== '--version' && argv[0] !== '-V')) return undefined;
  stdout(`${TRAILMARK_VERSION}\n`);
  return 0;
}

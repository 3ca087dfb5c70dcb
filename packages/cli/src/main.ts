import { isTrailmarkError, scrubSecrets } from '@trailmark/core';
import { TRAILMARK_VERSION } from '@trailmark/trailmark/version';
import { Command, CommanderError } from 'commander';
import { attestCommand } from './commands/attest.js';
import { bundleCommand } from './commands/bundle.js';
import { keygenCommand } from './commands/keygen.js';
import { sbomCommand } from './commands/sbom.js';
import { serveCommand } from './commands/serve.js';
import { snapshotCommand } from './commands/snapshot.js';
import { stampCommand } from './commands/stamp.js';
import { traceCommand } from './commands/trace.js';
import { verifyCommand } from './commands/verify.js';
import { configureCommand } from './command.js';
import { EXIT, exitCodeOf } from './exit-codes.js';
import type { CliIo } from './io.js';

/** Runs the `trailmark` command line and resolves to the exit code; never exits the process. */
export async function main(
  argv: readonly string[],
  io: CliIo,
  name = 'trailmark',
): Promise<number> {
  let code: number = EXIT.ok;
  const done = (value: number): void => {
    code = value;
  };
  const program = configureCommand(new Command(name), io)
    .description(
      'Make every Kubernetes object attributable: file, line, owners, change record and signed evidence',
    )
    .version(TRAILMARK_VERSION, '-V, --version', 'print the version')
    .addHelpText('beforeAll', `trailmark ${TRAILMARK_VERSION}\n`)
    .addCommand(stampCommand(io, done))
    .addCommand(sbomCommand(io, done))
    .addCommand(attestCommand(io, done))
    .addCommand(keygenCommand(io, done))
    .addCommand(verifyCommand(io, done))
    .addCommand(bundleCommand(io, done))
    .addCommand(snapshotCommand(io, done))
    .addCommand(traceCommand(io, done))
    .addCommand(serveCommand(io, done));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportError(io, error);
  }
}

function reportError(io: CliIo, error: unknown): number {
  // Commander has printed its message (help, version, or the usage error): every usage error is
  // exit 2, whatever commander's own code (it uses 1, which here means "verdict no").
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.input;
  if (isTrailmarkError(error)) {
    io.stderr(`trailmark: error: ${error.message}\n`);
    return exitCodeOf(error.code);
  }
  // Not a trailmark error: its text may quote a credential, so known secret shapes go first.
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`trailmark: internal error: ${scrubSecrets(message)}\n`);
  if (error instanceof Error && error.stack) io.stderr(`${scrubSecrets(error.stack)}\n`);
  return EXIT.internal;
}

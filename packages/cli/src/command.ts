import { Command } from 'commander';
import { printWarnings, type CliIo } from './io.js';

/** What a command's run sees: the process surface, `--verbose`, and where to report. */
export interface CommandContext {
  io: CliIo;
  /** `--verbose` was given. */
  verbose: boolean;
  /** Warnings, printed when the command ends: identical ones collapsed, `(×N)`, unless verbose. */
  warn: (warnings: readonly string[]) => void;
  /** A detail line on stderr, printed only with `--verbose`. */
  detail: (line: string) => void;
  /** A closing line on stderr (the summary), printed after the warnings. */
  status: (line: string) => void;
}

/** One command: its name, help, arguments and options, and the work. */
export interface CommandSpec<Flags> {
  name: string;
  description: string;
  /** Adds the command's arguments and options (`--verbose` is added by the factory). */
  configure: (command: Command) => Command;
  /** The work; resolves to the exit code. `args` are the processed positional arguments. */
  run: (context: CommandContext, args: readonly unknown[], flags: Flags) => Promise<number>;
}

/**
 * Applies what every command of the program shares: commander never exits the process (its
 * errors — unknown command or option, missing argument — reach `main`, which makes them exit 2),
 * and its output goes to the CLI's streams, errors prefixed like ours.
 */
export function configureCommand(command: Command, io: CliIo): Command {
  return command.exitOverride().configureOutput({
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text, write) => {
      write(`trailmark: ${text}`);
    },
  });
}

/**
 * The command factory every `trailmark` command is made with: shared configuration, the shared
 * `--verbose` flag, and the stderr protocol — details (verbose only), then warnings, then the
 * closing status line, printed when the work is done. When the work fails only the error line is
 * printed (by `main`), unless `--verbose` asks for the warnings gathered so far.
 */
export function createCommand<Flags extends object>(
  io: CliIo,
  done: (code: number) => void,
  spec: CommandSpec<Flags>,
): Command {
  const command = spec
    .configure(configureCommand(new Command(spec.name), io).description(spec.description))
    .option('--verbose', 'print detail lines, and every warning without collapsing repeats');
  return command.action(async () => {
    const flags = command.opts<Flags & { verbose?: boolean }>();
    const report = createReport(io, flags.verbose === true);
    try {
      done(await spec.run(report.context, command.processedArgs as unknown[], flags));
    } catch (error) {
      if (report.context.verbose) report.flush();
      throw error;
    }
    report.flush();
  });
}

/** A command that only groups subcommands (`trailmark bundle …`), configured like the others. */
export function createGroup(
  io: CliIo,
  name: string,
  description: string,
  subcommands: readonly Command[],
): Command {
  const group = configureCommand(new Command(name), io).description(description);
  for (const subcommand of subcommands) group.addCommand(subcommand);
  return group;
}

function createReport(io: CliIo, verbose: boolean): { context: CommandContext; flush: () => void } {
  const details: string[] = [];
  const warnings: string[] = [];
  const statuses: string[] = [];
  const context: CommandContext = {
    io,
    verbose,
    warn: (more) => warnings.push(...more),
    detail: (line) => details.push(line),
    status: (line) => statuses.push(line),
  };
  const flush = (): void => {
    if (verbose) for (const line of details) io.stderr(`trailmark: detail: ${line}\n`);
    printWarnings(io, warnings, { verbose });
    for (const line of statuses) io.stderr(`trailmark: ${line}\n`);
    details.length = warnings.length = statuses.length = 0;
  };
  return { context, flush };
}

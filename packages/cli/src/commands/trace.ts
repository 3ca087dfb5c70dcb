import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { repeatable } from '../options.js';
import { evidenceOptions, usage, verifyOptionsOf, type EvidenceFlags } from './evidence-flags.js';
import { escalateAll, escalationTargets } from './trace-escalate.js';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** Flags of `trailmark trace`. */
export interface TraceFlags extends EvidenceFlags {
  namespace?: string;
  falcoRules: string[];
  format: Format;
  output?: string;
  escalate: string[];
  webhookSecretFile?: string;
  label: string[];
  send?: boolean;
}

/** `trailmark trace`: a runtime alert in — the workload, file:line, owners and evidence out. */
export function traceCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<TraceFlags>(io, done, {
    name: 'trace',
    description:
      'Trace a runtime alert (Falco, falcosidekick, Kubernetes audit, Alertmanager, Tetragon, or NAMESPACE/POD) to its origin and owners; exit 1 when an alert cannot be resolved',
    configure,
    run: (context, args, flags) => runTrace(context, args[0] as string[], flags),
  });
}

function configure(command: Command): Command {
  return evidenceOptions(
    command.argument(
      '[alert...]',
      'an alert file, - for stdin, NAMESPACE/POD, or KIND/NAME with -n (default: stdin)',
    ),
  )
    .option('-n, --namespace <ns>', 'the namespace of a KIND/NAME reference')
    .addOption(repeatable('--falco-rules <file>', 'link Falco rule names to their definition'))
    .addOption(
      new Option('--format <format>', 'output format on stdout (or -o)')
        .choices(FORMATS)
        .default('text'),
    )
    .option('-o, --output <file>', 'write the incidents there instead of stdout')
    .addOption(
      repeatable('--escalate <target>', '`github` (issue in the source repo) or `webhook=URL`'),
    )
    .option('--webhook-secret-file <file>', 'HMAC-SHA256 secret for --escalate webhook=URL')
    .addOption(repeatable('--label <label>', 'extra label on the GitHub issue'))
    .option('--send', 'send the escalation (default: a dry run that prints what it would send)');
}

async function runTrace(
  context: CommandContext,
  args: readonly string[],
  flags: TraceFlags,
): Promise<number> {
  const { io } = context;
  const targets = escalationTargets(flags);
  const alerts = await alertInput(io, args, flags.namespace);
  const { trace } = await import('@trailmark/trailmark/trace');
  const { renderTrace } = await import('@trailmark/trailmark/report');
  const { writeFilesAtomic } = await import('@trailmark/trailmark/write-output');
  const { result, warnings } = await trace({
    ...verifyOptionsOf(io, flags, 'trace'),
    alerts,
    falcoRules: flags.falcoRules,
  });
  context.warn(warnings);
  const rendered = renderTrace(result, flags.format, {
    color: flags.output === undefined && io.stdoutIsTty === true && flags.format === 'text',
  });
  if (flags.output === undefined) io.stdout(rendered);
  else
    await writeFilesAtomic([
      {
        path: resolve(io.cwd, flags.output),
        content: rendered,
        shown: flags.output,
        expected: `the ${flags.format} incidents (-o)`,
      },
    ]);
  if (targets.length > 0) await escalateAll(context, result.incidents, targets, flags);
  const unresolved = result.incidents.filter((item) => item.resolution.status !== 'resolved');
  context.status(
    `trace: ${result.incidents.length - unresolved.length}/${result.incidents.length} alerts resolved`,
  );
  return unresolved.length === 0 ? EXIT.ok : EXIT.verdictNo;
}

type AlertInput =
  | { kind: 'file'; path: string }
  | { kind: 'stdin'; text: string }
  | { kind: 'reference'; text: string };

// An argument that names an existing file is read; `-` or nothing (stdin not a terminal) reads
// stdin; anything else is a reference (`NS/POD`, `deployment/NAME -n NS`).
async function alertInput(
  io: CliIo,
  args: readonly string[],
  namespace: string | undefined,
): Promise<AlertInput> {
  if (args.length === 0 || (args.length === 1 && args[0] === '-')) {
    if (args.length === 0 && io.stdinIsTty)
      throw usage('trace', 'give an alert file, - for stdin, or NAMESPACE/POD');
    return { kind: 'stdin', text: await io.readStdin() };
  }
  const [first = ''] = args;
  if (args.length === 1 && isFile(resolve(io.cwd, first))) return { kind: 'file', path: first };
  const text = [...args, ...(namespace === undefined ? [] : ['-n', namespace])].join(' ');
  return { kind: 'reference', text };
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { repeatable } from '../options.js';
import { evidenceOptions, usage, verifyOptionsOf, type EvidenceFlags } from './evidence-flags.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'policy-report', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface VerifyFlags extends EvidenceFlags {
  format: Format;
  output?: string;
  report: string[];
}

/** `trailmark verify`: what runs in the cluster against signed evidence and the policy. */
export function verifyCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<VerifyFlags>(io, done, {
    name: 'verify',
    description:
      'Check every running workload against signed attestations and the policy; exit 1 when the policy fails',
    configure,
    run: (context, _args, flags) => runVerify(context, flags),
  });
}

function configure(command: Command): Command {
  return evidenceOptions(command)
    .addOption(
      new Option('--format <format>', 'report format on stdout (or -o)')
        .choices(FORMATS)
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report there instead of stdout')
    .addOption(
      repeatable('--report <format=file>', 'also write the report in another format to a file'),
    );
}

async function runVerify(context: CommandContext, flags: VerifyFlags): Promise<number> {
  const { io } = context;
  const extra = flags.report.map(parseReportFlag);
  const { verify } = await import('@trailmark/trailmark/verify');
  const { renderReport } = await import('@trailmark/trailmark/report');
  const { TRAILMARK_VERSION } = await import('@trailmark/trailmark/version');
  const { writeFilesAtomic } = await import('@trailmark/trailmark/write-output');
  const result = await verify(verifyOptionsOf(io, flags, 'verify'));
  context.warn(result.warnings);
  for (const origin of result.trustOrigins) context.detail(`trusted root: ${origin}`);
  const render = (format: Format): string =>
    renderReport(result.report, format, {
      toolVersion: TRAILMARK_VERSION,
      color: flags.output === undefined && io.stdoutIsTty === true && format === 'text',
    });
  const files = extra.map(({ format, file }) => ({
    path: resolve(io.cwd, file),
    content: render(format),
    shown: file,
    expected: `the ${format} report (--report)`,
  }));
  if (flags.output === undefined) io.stdout(render(flags.format));
  else
    files.unshift({
      path: resolve(io.cwd, flags.output),
      content: render(flags.format),
      shown: flags.output,
      expected: `the ${flags.format} report (-o)`,
    });
  if (files.length > 0) await writeFilesAtomic(files);
  const { summary, verdict } = result.report;
  context.status(
    `verify: ${verdict === 'pass' ? 'PASS' : 'FAIL'}: ${summary.attributed}/${summary.workloads} workloads attributed, ${summary.failing} failing findings`,
  );
  return verdict === 'pass' ? EXIT.ok : EXIT.verdictNo;
}

function parseReportFlag(value: string): { format: Format; file: string } {
  const at = value.indexOf('=');
  const format = value.slice(0, at);
  const file = value.slice(at + 1);
  if (at < 1 || file === '' || !(FORMATS as readonly string[]).includes(format))
    throw usage(
      'verify',
      `--report ${value}: expected FORMAT=FILE, FORMAT one of ${FORMATS.join(', ')}`,
    );
  return { format: format as Format, file };
}

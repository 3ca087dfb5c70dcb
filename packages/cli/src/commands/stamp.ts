import { join, resolve } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import type { OutputFile, StampResult } from '@trailmark/trailmark';
import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import type { CliIo } from '../io.js';
import { imageOption, repeatable } from '../options.js';

interface StampFlags {
  output?: string;
  chart?: string;
  values: string[];
  originOut?: string;
  repo?: string;
  commit?: string;
  environment?: string;
  buildUrl?: string;
  operator?: string;
  approver: string[];
  image: string[];
  annotations: 'full' | 'minimal';
  kustomizeRoot?: string;
}

/** `trailmark stamp`: annotate rendered manifests with their origin. */
export function stampCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<StampFlags>(io, done, {
    name: 'stamp',
    description:
      'Stamp rendered manifests with their template file and line, owners and change record',
    configure,
    run: (context, args, flags) => runStamp(context, args[0] as string[], flags),
  });
}

function configure(command: Command): Command {
  return command
    .argument(
      '[inputs...]',
      'manifest files or directories, or - for stdin (default: stdin when piped)',
    )
    .option(
      '-o, --output <path>',
      'write here instead of stdout (a directory when there are several inputs)',
    )
    .option(
      '--chart <dir>',
      'chart directory the stream was rendered from (default: found by name)',
    )
    .addOption(
      repeatable('-f, --values <file>', 'values file the release was rendered with, in helm order'),
    )
    .option('--origin-out <file>', 'write the origin records as JSON (schemas/origin-records.v1)')
    .option('--repo <url>', 'repository URL (default: GITHUB_REPOSITORY, else git remote)')
    .option('--commit <sha>', 'commit SHA (default: GITHUB_SHA, else git HEAD)')
    .option('--environment <name>', 'deploy environment, e.g. prod')
    .option('--build-url <url>', 'CI run URL (default: from GITHUB_* variables)')
    .option('--operator <id>', 'identity running the pipeline (default: GITHUB_ACTOR)')
    .addOption(repeatable('--approver <login>', 'reviewer who approved the change'))
    .addOption(imageOption('pin an image (or one tag of it) to a digest'))
    .addOption(
      new Option('--annotations <mode>', 'full (with JSON record) or minimal (flat keys)')
        .choices(['full', 'minimal'])
        .default('full'),
    )
    .option(
      '--kustomize-root <dir>',
      'directory kustomize origin paths are relative to (default: cwd)',
    );
}

async function runStamp(
  context: CommandContext,
  inputs: string[],
  flags: StampFlags,
): Promise<number> {
  const { io } = context;
  checkFlags(flags);
  const sources = inputs.length > 0 ? inputs : stdinOrFail(io);
  // Loaded on demand: each command pulls in only the modules it needs (start-up time).
  const { stamp } = await import('@trailmark/trailmark/stamp');
  const result = await stamp({
    ...flags,
    approvers: flags.approver,
    images: flags.image,
    inputs: sources,
    cwd: io.cwd,
    env: io.env,
    readStdin: io.readStdin,
  });
  context.warn(result.warnings);
  await writeResult(io, result, flags, sources);
  for (const object of result.records.objects) context.detail(describe(object));
  context.status(summary(result));
  return 0;
}

function stdinOrFail(io: CliIo): string[] {
  if (io.stdinIsTty)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'stamp: no input files and stdin is a terminal (pipe a stream or name files)',
    );
  return ['-'];
}

function checkFlags(flags: StampFlags): void {
  if (flags.commit !== undefined && !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(flags.commit)) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `--commit ${flags.commit}: expected a full 40-hex commit SHA`,
    );
  }
  for (const [flag, value] of [
    ['--repo', flags.repo],
    ['--build-url', flags.buildUrl],
  ] as const) {
    if (value !== undefined && !URL.canParse(value))
      throw new TrailmarkError<InputErrorCode>('INPUT_USAGE', `${flag} ${value}: expected a URL`);
  }
}

async function writeResult(
  io: CliIo,
  result: StampResult,
  flags: StampFlags,
  sources: string[],
): Promise<void> {
  const files: OutputFile[] = [];
  if (flags.output !== undefined) {
    const single = result.outputs.length === 1 && sources.length === 1;
    for (const { input, text } of result.outputs) {
      const shown = single ? flags.output : join(flags.output, input.relative);
      files.push({
        path: resolve(io.cwd, shown),
        content: text,
        shown,
        expected: 'the stamped manifests (-o)',
      });
    }
  }
  if (flags.originOut !== undefined)
    files.push({
      path: resolve(io.cwd, flags.originOut),
      content: `${JSON.stringify(result.records, null, 2)}\n`,
      shown: flags.originOut,
      expected: 'the origin records (--origin-out)',
    });
  const { writeFilesAtomic } = await import('@trailmark/trailmark/write-output');
  await writeFilesAtomic(files);
  if (flags.output === undefined)
    io.stdout(joinStreams(result.outputs.map((output) => output.text)));
}

function joinStreams(texts: readonly string[]): string {
  return texts.reduce((all, text) => {
    if (all === '') return text;
    const sep = all.endsWith('\n') ? '' : '\n';
    return text.startsWith('---') ? `${all}${sep}${text}` : `${all}${sep}---\n${text}`;
  }, '');
}

const MATCH_ORDER = ['name', 'content', 'single-site', 'included-file', 'first-line'] as const;

/**
 * `stamped 54 objects (54 with source: 40 name, 10 content, 4 included-file; 50 with owners)`: how
 * each line was chosen, so fallbacks show. Plain files read as they are count as `file`, external
 * charts as `external`.
 */
function summary(result: StampResult): string {
  const objects = result.records.objects;
  const counts = new Map<string, number>();
  for (const { source } of objects) {
    if (!source) continue;
    const how = source.match ?? (source.origin === 'external' ? 'external' : 'file');
    counts.set(how, (counts.get(how) ?? 0) + 1);
  }
  const located = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const parts = [...MATCH_ORDER, 'file', 'external'].flatMap((how) => {
    const n = counts.get(how);
    return n ? [`${n} ${how}`] : [];
  });
  const how = parts.length > 0 ? `: ${parts.join(', ')}` : '';
  const owned = objects.filter((object) => object.owners.length > 0).length;
  return `stamped ${objects.length} objects (${located} with source${how}; ${owned} with owners)`;
}

type OriginObject = StampResult['records']['objects'][number];

// One --verbose line per object: where it came from and who owns it.
function describe(object: OriginObject): string {
  const name = object.namespace ? `${object.namespace}/${object.name}` : object.name;
  const source = object.source
    ? `${object.source.path}:${object.source.line}${object.source.match ? ` (${object.source.match})` : ''}`
    : 'no source';
  const owners = object.owners.length > 0 ? object.owners.join(',') : 'no owners';
  return `${object.kind} ${name}: ${source}, ${owners}`;
}

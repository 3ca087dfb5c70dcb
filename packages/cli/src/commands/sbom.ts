import { resolve } from 'node:path';
import type { BomSpecVersion } from '@trailmark/trailmark';
import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import type { CliIo } from '../io.js';
import { imageOption, repeatable } from '../options.js';

interface SbomFlags {
  output?: string;
  manifests: string[];
  chart?: string;
  merge: string[];
  image: string[];
  exclude: string[];
  spec: BomSpecVersion;
}

/** `trailmark sbom`: a CycloneDX SBOM of lockfiles, images and charts, traced to their lines. */
export function sbomCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<SbomFlags>(io, done, {
    name: 'sbom',
    description:
      'CycloneDX SBOM from lockfiles, container images and charts; each component traced to its file and line',
    configure,
    run: (context, args, flags) => runSbom(context, args[0] as string, flags),
  });
}

function configure(command: Command): Command {
  return command
    .argument(
      '[dir]',
      'directory searched for lockfiles (respects .gitignore, skips node_modules)',
      '.',
    )
    .option('-o, --output <file>', 'write the SBOM here instead of stdout')
    .addOption(
      repeatable(
        '--manifests <file>',
        'rendered or stamped manifests whose images become components',
      ),
    )
    .option('--chart <dir>', 'the chart being released: it and its dependencies become components')
    .addOption(
      repeatable('--merge <sbom>', 'fold in an existing CycloneDX SBOM, e.g. an image SBOM'),
    )
    .addOption(imageOption('digest of an image written with a tag only'))
    .addOption(repeatable('--exclude <glob>', 'skip lockfiles matching this glob, relative to dir'))
    .addOption(
      new Option('--spec <version>', 'CycloneDX version')
        .choices(['1.5', '1.6', '1.7'])
        .default('1.6'),
    );
}

async function runSbom(context: CommandContext, dir: string, flags: SbomFlags): Promise<number> {
  const { io } = context;
  const [{ sbom }, { writeFilesAtomic }] = await Promise.all([
    import('@trailmark/trailmark/sbom'),
    import('@trailmark/trailmark/write-output'),
  ]);
  const result = await sbom({
    dir,
    cwd: io.cwd,
    env: io.env,
    manifests: flags.manifests,
    merge: flags.merge,
    images: flags.image,
    exclude: flags.exclude,
    spec: flags.spec,
    ...(flags.chart === undefined ? {} : { chart: flags.chart }),
  });
  context.warn(result.warnings);
  for (const detail of result.details) context.detail(detail);
  if (flags.output === undefined) io.stdout(result.json);
  else
    await writeFilesAtomic([
      {
        path: resolve(io.cwd, flags.output),
        content: result.json,
        shown: flags.output,
        expected: 'the SBOM (-o)',
      },
    ]);
  for (const lockfile of result.lockfiles)
    context.detail(`${lockfile.path}: ${lockfile.packages.length} packages`);
  const packages = result.lockfiles.reduce((sum, lockfile) => sum + lockfile.packages.length, 0);
  context.status(
    `SBOM with ${result.components} components (${result.lockfiles.length} lockfiles, ${packages} packages)`,
  );
  return 0;
}

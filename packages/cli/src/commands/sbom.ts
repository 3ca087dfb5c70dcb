import { resolve } from 'node:path';
import type { BomSpecVersion } from '@trailmark/trailmark';
import { Command, Option } from 'commander';
import { printWarnings, type CliIo } from '../io.js';

interface SbomFlags {
  output?: string;
  manifests: string[];
  chart?: string;
  merge: string[];
  image: string[];
  exclude: string[];
  spec: BomSpecVersion;
  verbose?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `trailmark sbom`: a CycloneDX SBOM of lockfiles, images and charts, traced to their lines. */
export function sbomCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('sbom')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .description(
      'CycloneDX SBOM from lockfiles, container images and charts; each component traced to its file and line',
    )
    .argument(
      '[dir]',
      'directory searched for lockfiles (respects .gitignore, skips node_modules)',
      '.',
    )
    .option('-o, --output <file>', 'write the SBOM here instead of stdout')
    .option(
      '--manifests <file>',
      'rendered or stamped manifests whose images become components (repeatable)',
      collect,
      [],
    )
    .option('--chart <dir>', 'the chart being released: it and its dependencies become components')
    .option(
      '--merge <sbom>',
      'fold in an existing CycloneDX SBOM, e.g. an image SBOM (repeatable)',
      collect,
      [],
    )
    .option(
      '--image <ref=digest>',
      'digest of an image written with a tag only (repeatable)',
      collect,
      [],
    )
    .option(
      '--exclude <glob>',
      'skip lockfiles matching this glob, relative to dir (repeatable)',
      collect,
      [],
    )
    .option('--verbose', 'also list each lockfile warning and note behind the collapsed lines')
    .addOption(
      new Option('--spec <version>', 'CycloneDX version')
        .choices(['1.5', '1.6', '1.7'])
        .default('1.6'),
    )
    .action(async (dir: string, flags: SbomFlags) => {
      const { sbom } = await import('@trailmark/trailmark/sbom');
      const { writeFilesAtomic } = await import('@trailmark/trailmark/write-output');
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
      printWarnings(io, result.warnings);
      if (flags.verbose === true)
        for (const detail of result.details) io.stderr(`trailmark: detail: ${detail}\n`);
      if (flags.output === undefined) io.stdout(result.json);
      else await writeFilesAtomic([{ path: resolve(io.cwd, flags.output), content: result.json }]);
      const packages = result.lockfiles.reduce(
        (sum, lockfile) => sum + lockfile.packages.length,
        0,
      );
      io.stderr(
        `trailmark: SBOM with ${result.components} components (${result.lockfiles.length} lockfiles, ${packages} packages)\n`,
      );
      done(0);
    });
}

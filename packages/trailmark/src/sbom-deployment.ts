import { resolve } from 'node:path';
import { chartComponents, imageComponents, type ExtraComponent } from '@trailmark/sbom';
import { readImages, toChartInput } from './deployment-inputs.js';
import { readChartTree } from './read-chart-tree.js';
import { parsePins } from './stamp.js';

/** What {@link deploymentComponents} reads: `trailmark sbom`'s `--manifests`, `--image`, `--chart`. */
export interface DeploymentSources {
  manifests: readonly string[];
  images: readonly string[];
  chart: string | undefined;
  cwd: string;
  repoRoot: string;
}

/**
 * The deployment's components: container images of the manifests (digests from `--image` pins)
 * and the chart tree. Loaded by `sbom()` only when one of those sources is given, so an SBOM of
 * lockfiles alone never loads the manifest parser.
 */
export async function deploymentComponents(
  sources: DeploymentSources,
  warnings: string[],
): Promise<{ images: ExtraComponent[]; chart: ExtraComponent[] | undefined }> {
  const images = imageComponents(
    await readImages(
      sources.manifests,
      sources.cwd,
      sources.repoRoot,
      parsePins(sources.images, warnings),
    ),
  );
  const chart =
    sources.chart === undefined
      ? undefined
      : chartComponents(
          toChartInput(await readChartTree(sources.repoRoot, resolve(sources.cwd, sources.chart))),
        );
  return { images, chart };
}

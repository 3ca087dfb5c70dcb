import { parseImageRef, type SourceLocation } from '@trailmark/core';
import type { ExtraComponent } from './bom-collect.js';
import { toPurl } from './readers/purl-encode.js';

/** A container image found in (stamped) manifests, with where it is set. */
export interface ImageInput {
  ref: string;
  /** `sha256:<hex>`, from the reference itself or a `--image` pin. */
  digest?: string;
  sources: SourceLocation[];
}

/**
 * One `container` component per distinct image (by repository and digest, else by reference):
 * `pkg:oci/<name>@sha256:<hex>?repository_url=<registry/repository>&tag=<tag>` when the digest is
 * known (purl-spec's oci type), otherwise no purl rather than one that names no exact artifact.
 */
export function imageComponents(images: readonly ImageInput[]): ExtraComponent[] {
  const byRef = new Map<string, ExtraComponent>();
  for (const image of images) {
    const parsed = parseImageRef(image.ref);
    const digest = image.digest ?? parsed.digest;
    const repository = `${parsed.registry}/${parsed.repository}`;
    const bomRef = digest ? `image:${repository}@${digest}` : `image:${image.ref}`;
    const existing = byRef.get(bomRef);
    if (existing) {
      existing.sources = [...(existing.sources ?? []), ...image.sources];
      continue;
    }
    const name = parsed.repository.split('/').pop() ?? parsed.repository;
    byRef.set(bomRef, {
      bomRef,
      type: 'container',
      name: repository,
      ...((digest ?? parsed.tag) ? { version: digest ?? parsed.tag } : {}),
      ...(digest
        ? {
            purl: toPurl({
              type: 'oci',
              name: name.toLowerCase(),
              version: digest,
              qualifiers: { repository_url: repository, tag: parsed.tag },
            }),
          }
        : {}),
      ...(digest?.startsWith('sha256:')
        ? { hashes: [{ alg: 'SHA-256' as const, content: digest.slice('sha256:'.length) }] }
        : {}),
      sources: [...image.sources],
      properties: [{ name: 'trailmark:image', value: image.ref }],
    });
  }
  return [...byRef.values()];
}

/** A Helm chart: the released one, a vendored subchart or an external dependency. */
export interface ChartInput {
  name: string;
  version: string | undefined;
  /** Chart repository URL (`https://charts.bitnami.com/bitnami`, `oci://…`), when declared. */
  repository?: string;
  /** The dependency's line in Chart.yaml, or the chart's own Chart.yaml. */
  source?: SourceLocation;
  external: boolean;
  dependencies: ChartInput[];
}

/**
 * Components for a chart tree, `pkg:helm/<name>@<version>` as cdxgen writes them (with
 * `repository_url` for remote charts), typed `application` with `trailmark:kind=helm-chart`.
 * Returns every chart; the first is the root, which depends on its subcharts.
 */
export function chartComponents(root: ChartInput): ExtraComponent[] {
  const out: ExtraComponent[] = [];
  const visit = (chart: ChartInput): string => {
    const bomRef = `chart:${chart.name}@${chart.version ?? 'unknown'}`;
    if (out.some((component) => component.bomRef === bomRef)) return bomRef;
    const component: ExtraComponent = {
      bomRef,
      type: 'application',
      name: chart.name,
      ...(chart.version === undefined ? {} : { version: chart.version }),
      ...(chart.version === undefined ? {} : { purl: helmPurl(chart) }),
      sources: chart.source ? [chart.source] : [],
      properties: [
        { name: 'trailmark:kind', value: chart.external ? 'helm-chart-external' : 'helm-chart' },
      ],
    };
    out.push(component);
    component.dependsOn = chart.dependencies.map(visit);
    return bomRef;
  };
  visit(root);
  return out;
}

function helmPurl(chart: ChartInput): string {
  const remote =
    chart.repository !== undefined && !chart.repository.startsWith('file://')
      ? chart.repository
      : undefined;
  return toPurl({
    type: 'helm',
    name: chart.name.toLowerCase(),
    version: chart.version,
    qualifiers: { repository_url: remote },
  });
}

import { resolve } from 'node:path';
import {
  ANNOTATION,
  containerImages,
  pinApplies,
  podSpecOf,
  tryParseImageRef,
  type SourceLocation,
} from '@trailmark/core';
import { joinPath, parseManifestStream, type ChartNode } from '@trailmark/manifest';
import type { ChartInput, ImageInput } from '@trailmark/sbom';
import { toRepoPath } from './read-chart-tree.js';
import { readText } from './read-file.js';

/**
 * Every container image in the given manifests, with where it is set: the values or template line
 * from a stamped object's `trailmark.dev/provenance` record when present, else the object's line
 * in the manifest file. `pins` (`--image`) supply digests.
 */
export async function readImages(
  paths: readonly string[],
  cwd: string,
  repoRoot: string,
  pins: readonly { ref: string; digest: string }[],
): Promise<ImageInput[]> {
  const out: ImageInput[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const text = await readText(absolute, { path, expected: 'a manifest file (--manifests)' });
    const stream = parseManifestStream(text, path);
    const file = toRepoPath(repoRoot, absolute);
    for (const object of stream.documents.flatMap((doc) => doc.objects)) {
      const spec = podSpecOf(object.kind, object.value);
      if (!spec) continue;
      const recorded = recordedImages(object.value);
      for (const { container, image } of containerImages(spec)) {
        const set = recorded.get(container) ?? { path: file, line: object.kindLine };
        const digest =
          tryParseImageRef(image)?.digest ?? pins.find((pin) => pinApplies(pin.ref, image))?.digest;
        out.push({ ref: image, ...(digest ? { digest } : {}), sources: [set] });
      }
    }
  }
  return out;
}

/** Image `set` lines from the provenance annotation stamp wrote (a claim, used only as a hint). */
function recordedImages(value: Record<string, unknown>): Map<string, SourceLocation> {
  const out = new Map<string, SourceLocation>();
  const annotations = (value.metadata as { annotations?: Record<string, unknown> } | undefined)
    ?.annotations;
  const raw = annotations?.[ANNOTATION.provenance];
  if (typeof raw !== 'string') return out;
  try {
    const record = JSON.parse(raw) as { images?: { container?: string; set?: SourceLocation }[] };
    for (const image of record.images ?? [])
      if (image.container !== undefined && image.set) out.set(image.container, image.set);
  } catch {
    // A hand-edited, unparsable annotation: fall back to the manifest line.
  }
  return out;
}

/** The chart tree as SBOM input: in-repo charts point at their Chart.yaml, external ones at their dependency line. */
export function toChartInput(node: ChartNode): ChartInput {
  return {
    name: node.name,
    version: node.version,
    source: { path: joinPath(node.dir, 'Chart.yaml'), line: 1 },
    external: false,
    dependencies: [...node.children.values()].map((child) =>
      child.kind === 'chart'
        ? toChartInput(child)
        : {
            name: child.name,
            version: child.version,
            ...(child.repository ? { repository: child.repository } : {}),
            ...(child.declaredAt ? { source: child.declaredAt } : {}),
            external: true,
            dependencies: [],
          },
    ),
  };
}

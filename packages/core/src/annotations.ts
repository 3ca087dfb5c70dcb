/** Prefix shared by every annotation and label trailmark writes. */
export const TRAILMARK_PREFIX = 'trailmark.dev/';

/** The annotation keys of the runtime contract (docs/annotations.md). */
export const ANNOTATION = {
  source: 'trailmark.dev/source',
  sourceUrl: 'trailmark.dev/source-url',
  repo: 'trailmark.dev/repo',
  commit: 'trailmark.dev/commit',
  chart: 'trailmark.dev/chart',
  owners: 'trailmark.dev/owners',
  environment: 'trailmark.dev/environment',
  build: 'trailmark.dev/build',
  provenance: 'trailmark.dev/provenance',
} as const;

/** Label joining objects, pods and signed records: a short stable id. */
export const ORIGIN_LABEL = 'trailmark.dev/origin';

/** One of the annotation keys trailmark writes. */
export type AnnotationKey = (typeof ANNOTATION)[keyof typeof ANNOTATION];

/**
 * Keys that also go on pod templates. Only values that change when the workload's own source,
 * chart or owners change: anything that changes every build would roll every pod every release.
 */
export const POD_TEMPLATE_ANNOTATIONS: readonly AnnotationKey[] = [
  ANNOTATION.source,
  ANNOTATION.repo,
  ANNOTATION.chart,
  ANNOTATION.owners,
  ANNOTATION.environment,
];

/** Keys written with `--annotations minimal`: the flat keys, without the JSON record. */
export const MINIMAL_ANNOTATIONS: readonly AnnotationKey[] = [
  ANNOTATION.source,
  ANNOTATION.sourceUrl,
  ANNOTATION.repo,
  ANNOTATION.commit,
  ANNOTATION.chart,
  ANNOTATION.owners,
  ANNOTATION.environment,
  ANNOTATION.build,
];

/** Annotation Helm 4 puts on every document it hands to a post-renderer; must survive untouched. */
export const HELM4_FILENAME_ANNOTATION = 'postrenderer.helm.sh/postrender-filename';

/** Annotation kustomize writes with `buildMetadata: [originAnnotations]`. */
export const KUSTOMIZE_ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/** Kubernetes' limit on the total size of an object's annotations (sum of key and value lengths). */
export const ANNOTATIONS_SIZE_LIMIT = 262_144;

/** True for keys in the trailmark namespace. */
export function isTrailmarkKey(key: string): boolean {
  return key.startsWith(TRAILMARK_PREFIX);
}

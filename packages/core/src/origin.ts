import type { SourceLocation } from './error.js';

/**
 * Where an object's source lives:
 * - `plain`: a manifest file in the repository;
 * - `chart`: a template of the chart being released;
 * - `subchart`: a template of a chart vendored as a directory in the repository;
 * - `external`: a chart that is not in the repository (packaged `.tgz` or remote); the location is
 *   the dependency's line in `Chart.yaml`/`requirements.yaml`.
 */
export type SourceOrigin = 'plain' | 'chart' | 'subchart' | 'external';

/**
 * How the line of a templated object was chosen (docs/stamp.md, "Which line: three rules"):
 * - `name`: the only template document whose kind and name pattern fit the object;
 * - `content`: several documents fit (an `if` and its `else`, a renamed object); the rendered body's
 *   literal lines chose one;
 * - `single-site`: the name no longer fits (a post-renderer renamed it), but the file has one
 *   document of that kind;
 * - `included-file`: the object is the content of a chart file pulled in by `.Files.Get`/`.Files.Glob`
 *   (the line is that file's `kind:` line; `via` names the template line that included it);
 * - `first-line`: nothing fits; the line is the first line of a document (a fallback, warned about).
 * Absent for plain manifests read as they are and for external charts.
 */
export type SourceMatch = 'name' | 'content' | 'single-site' | 'included-file' | 'first-line';

/** The file and line an object came from. */
export interface ObjectSource extends SourceLocation {
  origin: SourceOrigin;
  /** For `external`: the template path inside the packaged chart, as Helm named it. */
  template?: string;
  /** How the line was chosen. */
  match?: SourceMatch;
  /** For `included-file`: the template line whose `.Files.Get`/`.Files.Glob` included the file. */
  via?: SourceLocation;
}

/** A chart as `name@version` plus its repo-relative directory (absent for external charts). */
export interface ChartRef {
  name: string;
  version: string;
  path?: string;
}

/** Who introduced the source line: `git blame`, or the last commit of the file as a fallback. */
export interface Introducer {
  name?: string;
  email?: string;
  commit?: string;
  /** ISO 8601 author date. */
  date?: string;
  /** `blame` (the line itself), `last-commit` (the file), or `uncommitted` (local changes). */
  via: 'blame' | 'last-commit' | 'uncommitted';
}

/** The identity that ran the pipeline. */
export interface Operator {
  /** e.g. `octocat` (GitHub actor) or a local user name. */
  id: string;
  /** e.g. `acme/shop/.github/workflows/release.yml@refs/heads/main`. */
  workflowRef?: string;
}

/** A container's image and, when found, the values-file line that set it. */
export interface ImageUse {
  container: string;
  ref: string;
  digest?: string;
  set?: SourceLocation;
}

/** How a Secret is referenced from a pod spec. */
export type SecretVia = 'env' | 'envFrom' | 'volume' | 'projected' | 'imagePullSecrets';

/** A reference to a Secret by name (never its data). */
export interface SecretRef {
  name: string;
  via: SecretVia;
  container?: string;
  at?: SourceLocation;
}

/** The service account a pod runs as. */
export interface ServiceAccountRef {
  name: string;
  at?: SourceLocation;
}

/** The origin record of one stamped object. */
export interface OriginObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The `trailmark.dev/origin` label value. */
  origin: string;
  source?: ObjectSource;
  chart?: ChartRef;
  owners: string[];
  introducer?: Introducer;
  images: ImageUse[];
  secretRefs: SecretRef[];
  serviceAccount?: ServiceAccountRef;
  /** `sha256:` digest of the object's `trailmark.dev/*` annotations (see `annotationsDigest`). */
  annotationsDigest: string;
  /** The same over the pod template's annotations, for workloads and Pods. */
  podTemplateAnnotationsDigest?: string;
}

/** Facts about the run that apply to every object. */
export interface RunFacts {
  repository?: { uri?: string; commit?: string; ref?: string };
  environment?: string;
  build?: { runUrl?: string; workflow?: string; builderId?: string };
  operator?: Operator;
  approvers: string[];
}

/** What `stamp --origin-out` writes (schema: `schemas/origin-records.v1.schema.json`). */
export interface OriginRecords extends RunFacts {
  schema: 'https://trailmark.dev/origin-records/v1';
  objects: OriginObject[];
}

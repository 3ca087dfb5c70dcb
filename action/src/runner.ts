/** Where an annotation points: a repo-relative file and 1-based line. */
export interface AnnotationPlace {
  file?: string;
  line?: number;
  title?: string;
}

/** The Action's outputs (action.yml `outputs`). */
export type OutputName =
  | 'stamped-manifests'
  | 'origin-path'
  | 'sbom-path'
  | 'bundle-paths'
  | 'attestation-ids'
  | 'attestation-urls'
  | 'verdict'
  | 'findings'
  | 'attributed'
  | 'workloads'
  | 'sarif-path'
  | 'report-path'
  | 'error-code';

/**
 * The runner as {@link run} sees it: logs, workflow annotations, step outputs and the job
 * summary. `src/index.ts` implements it with @actions/core; tests record the calls.
 */
export interface Runner {
  info(message: string): void;
  /** `::warning file=…,line=…::` when a place is given. */
  warning(message: string, at?: AnnotationPlace): void;
  /** `::error file=…,line=…::` when a place is given. */
  error(message: string, at?: AnnotationPlace): void;
  /** Writes to `GITHUB_OUTPUT` (multi-line values are fine). */
  setOutput(name: OutputName, value: string): void;
  /** Appends Markdown to `GITHUB_STEP_SUMMARY`. */
  writeSummary(markdown: string): Promise<void>;
}

import type { ChartRef, Operator, OriginObject, RunFacts } from './origin.js';

/** The change (pull request) that brought the deployed commit. */
export interface ChangeRef {
  /** Pull request number (a positive integer). */
  pullRequest?: number;
  /** Its web URL. */
  url?: string;
}

/**
 * The `https://trailmark.dev/deployment-origin/v1` predicate (schema:
 * `schemas/deployment-origin.v1.schema.json`): run facts plus one origin record per object.
 * attest builds it; verify and trace read it back from signed bundles.
 */
export interface DeploymentOrigin {
  repository?: NonNullable<RunFacts['repository']>;
  chart?: ChartRef;
  environment?: string;
  build?: NonNullable<RunFacts['build']>;
  operator?: Operator;
  approvers: string[];
  change?: ChangeRef;
  objects: OriginObject[];
}

import { AttestError } from './error.js';

/** GitHub's SLSA buildType for a GitHub Actions workflow run (actions/buildtypes `workflow/v1`). */
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/**
 * The GitHub Actions values the provenance is built from, named after the OIDC token claims
 * GitHub's own builder reads. The facade fills it from the verified token and the runner
 * environment; this package reads neither.
 */
export interface GitHubBuildContext {
  /** `GITHUB_SERVER_URL`: `https://github.com`, or a GHE.com / GHES host. */
  serverUrl: string;
  /** Claim `repository`: `owner/repo`. */
  repository: string;
  /** Claim `repository_id` (numeric, as a string). */
  repositoryId: string;
  /** Claim `repository_owner_id` (numeric, as a string). */
  repositoryOwnerId: string;
  /** Claim `ref`: `refs/heads/main`, `refs/tags/v1.2.0`, ... */
  ref: string;
  /** Claim `sha`: the commit the run built. */
  sha: string;
  /** Claim `event_name`: `push`, `release`, `workflow_dispatch`, ... */
  eventName: string;
  /** Claim `workflow_ref`: `owner/repo/.github/workflows/release.yml@refs/heads/main`. */
  workflowRef: string;
  /** Claim `job_workflow_ref`: the workflow of the job (a reusable workflow when one is used). */
  jobWorkflowRef: string;
  /** Claim `runner_environment`: `github-hosted` or `self-hosted`. */
  runnerEnvironment: string;
  /** Claim `run_id`. */
  runId: string;
  /** Claim `run_attempt`. */
  runAttempt: string;
}

/** A SLSA Provenance v1 predicate with exactly the fields GitHub's builder emits. */
export interface SlsaProvenance {
  buildDefinition: {
    buildType: typeof GITHUB_WORKFLOW_BUILD_TYPE;
    externalParameters: { workflow: { ref: string; repository: string; path: string } };
    internalParameters: {
      github: {
        event_name: string;
        repository_id: string;
        repository_owner_id: string;
        runner_environment: string;
      };
    };
    resolvedDependencies: [{ uri: string; digest: { gitCommit: string } }];
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId: string };
  };
}

/**
 * Builds the SLSA provenance GitHub's `actions/attest-build-provenance` emits, field for field and
 * in the same key order, so `gh attestation verify` and SLSA verifiers read it as GitHub's own.
 *
 * Copied from `buildSLSAProvenancePredicate` in actions/toolkit `packages/attest/src/provenance.ts`
 * (after actions/toolkit#1969, which takes `workflow.ref` from the `ref` claim) and checked against
 * actions/buildtypes `workflow/v1/README.md` and `example.json`:
 * - `workflow.path`: `workflow_ref` without `"<repository>/"`, up to the first `@`;
 * - `resolvedDependencies[0].uri`: `git+<server>/<repository>@<ref>`, digest `gitCommit: <sha>`;
 * - `builder.id`: `<server>/<job_workflow_ref>` (the reusable workflow when one signs);
 * - `invocationId`: `<server>/<repository>/actions/runs/<run_id>/attempts/<run_attempt>`.
 * No timestamps, byproducts, inputs or vars: GitHub emits none.
 */
export function buildSlsaProvenance(context: GitHubBuildContext): SlsaProvenance {
  checkContext(context);
  const server = context.serverUrl.replace(/\/+$/, '');
  const repositoryUrl = `${server}/${context.repository}`;
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: {
        workflow: { ref: context.ref, repository: repositoryUrl, path: workflowPath(context) },
      },
      internalParameters: {
        github: {
          event_name: context.eventName,
          repository_id: context.repositoryId,
          repository_owner_id: context.repositoryOwnerId,
          runner_environment: context.runnerEnvironment,
        },
      },
      resolvedDependencies: [
        { uri: `git+${repositoryUrl}@${context.ref}`, digest: { gitCommit: context.sha } },
      ],
    },
    runDetails: {
      builder: { id: `${server}/${context.jobWorkflowRef}` },
      metadata: {
        invocationId: `${repositoryUrl}/actions/runs/${context.runId}/attempts/${context.runAttempt}`,
      },
    },
  };
}

/** OIDC claim name of each context field, for messages. */
const CLAIM: Readonly<Record<keyof GitHubBuildContext, string>> = {
  serverUrl: 'GITHUB_SERVER_URL',
  repository: 'repository',
  repositoryId: 'repository_id',
  repositoryOwnerId: 'repository_owner_id',
  ref: 'ref',
  sha: 'sha',
  eventName: 'event_name',
  workflowRef: 'workflow_ref',
  jobWorkflowRef: 'job_workflow_ref',
  runnerEnvironment: 'runner_environment',
  runId: 'run_id',
  runAttempt: 'run_attempt',
};

// Every value present; the commit a git object id; the server an http(s) URL.
function checkContext(context: GitHubBuildContext): void {
  for (const key of Object.keys(CLAIM) as (keyof GitHubBuildContext)[]) {
    const value: unknown = context[key];
    if (typeof value !== 'string' || value.trim() === '')
      invalid(`${key} (${CLAIM[key]}) is missing`);
  }
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(context.sha)) {
    invalid(`sha "${context.sha}" is not a 40- or 64-character lowercase hex commit id`);
  }
  if (!/^https?:\/\/[^/\s]+/.test(context.serverUrl))
    invalid(`serverUrl "${context.serverUrl}" is not an http(s) URL`);
}

// `owner/repo/.github/workflows/x.yml@refs/...` → `.github/workflows/x.yml`, as GitHub splits it.
function workflowPath(context: GitHubBuildContext): string {
  const prefix = `${context.repository}/`;
  if (!context.workflowRef.startsWith(prefix) || !context.workflowRef.includes('@')) {
    invalid(`workflowRef "${context.workflowRef}" is not "${prefix}<path>@<ref>"`);
  }
  return context.workflowRef.slice(prefix.length).split('@')[0] ?? '';
}

function invalid(message: string): never {
  throw new AttestError('ATTEST_INVALID_PREDICATE', `GitHub build context: ${message}`);
}

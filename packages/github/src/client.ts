import { getOctokit } from '@actions/github';
import { TrailmarkError, foreignCause, type InputErrorCode } from '@trailmark/core';
import { fetchBundleUrl } from './bundle-url.js';
import { GithubError } from './error.js';
import { toGithubError, type Doing } from './map-error.js';
import { issueCalls, type IssueCalls } from './issues.js';
import { issueReadCalls, type IssueReadCalls } from './issues-read.js';
import { retrying } from './retry.js';
import type {
  GithubLog,
  PullRequestReview,
  PullRequestSummary,
  StoredAttestation,
  UploadedAttestation,
} from './types.js';
import { toPullRequestSummary, toReview, toStoredAttestations, uploadedId } from './shapes.js';

/** Options of {@link createGithubClient}: the transport and token, nothing read from env. */
export interface GithubClientOptions {
  /** A GitHub token (`GITHUB_TOKEN`, an app token or a PAT). Never logged, never in messages. */
  token: string;
  /**
   * REST API root (`https://api.github.com`, `https://HOST/api/v3`). Always passed: @actions/github
   * reads `GITHUB_API_URL` once at import, which an adapter must not depend on.
   */
  baseUrl: string;
  /** Web root (`https://github.com`) to build attestation links; no link without it. */
  serverUrl?: string;
  /** Extra attempts after 5xx, connection errors and rate limits (default 3). */
  retries?: number;
  /** Longest wait accepted from `retry-after` or a rate-limit reset (default 60 s). */
  maxRetryWaitMs?: number;
  /** Waits between attempts (default a timer); tests inject one that records and returns. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for `x-ratelimit-reset` (default `Date.now`). */
  now?: () => number;
  /** Where octokit and the retries write diagnostics (default: warnings and errors to the console). */
  log?: GithubLog;
  /** fetch to use instead of @actions/github's proxy-aware one. */
  fetch?: typeof fetch;
}

/** The GitHub REST calls trailmark makes (issue calls: see {@link IssueCalls}). */
export interface GithubClient extends IssueCalls, IssueReadCalls {
  /** `POST /repos/{owner}/{repo}/attestations` with `{bundle}`; needs `attestations: write`. */
  uploadAttestation(owner: string, repo: string, bundleJson: string): Promise<UploadedAttestation>;
  /** Pull requests containing `sha`, sorted by number (every page). */
  listPullRequestsForCommit(
    owner: string,
    repo: string,
    sha: string,
  ): Promise<PullRequestSummary[]>;
  /** Reviews of pull request `number`, oldest first (every page). */
  listReviews(owner: string, repo: string, number: number): Promise<PullRequestReview[]>;
  /** Login of who merged pull request `number` (`GET …/pulls/{n}`: `merged_by`); undefined when unmerged or deleted. */
  getMergedBy(owner: string, repo: string, number: number): Promise<string | undefined>;
  /** `GET /repos/{owner}/{repo}`: `visibility` (`public`, `private`, `internal`), else from `private`. */
  getRepositoryVisibility(owner: string, repo: string): Promise<RepositoryVisibility>;
  /**
   * `GET /repos/{owner}/{repo}/attestations/sha256:{hex}` (every page): the stored attestations
   * whose subject is `digest`. A 404 (no attestation, or a repository the token cannot see) is an
   * empty list. Nothing here is trusted: the caller verifies each bundle.
   */
  listAttestations(owner: string, repo: string, digest: string): Promise<StoredAttestation[]>;
  /**
   * The bundle JSON behind an attestation's `bundleUrl` (Snappy-compressed blob storage), fetched
   * without the token. Throws `GITHUB_UNREACHABLE` / `GITHUB_PROTOCOL`.
   */
  fetchAttestationBundle(bundleUrl: string): Promise<string>;
}

/** Who can see a repository, as GitHub says. */
export type RepositoryVisibility = 'public' | 'private' | 'internal';

const CONSOLE_LOG: GithubLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => {
    console.warn(message);
  },
  error: (message) => {
    console.error(message);
  },
};

/** Creates a {@link GithubClient} over @actions/github's octokit, with retries on every request. */
export function createGithubClient(options: GithubClientOptions): GithubClient {
  const log = options.log ?? CONSOLE_LOG;
  const retries = options.retries ?? 3;
  const octokit = getOctokit(options.token, {
    baseUrl: options.baseUrl,
    userAgent: 'trailmark',
    log,
    ...(options.fetch === undefined ? {} : { request: { fetch: options.fetch } }),
  });
  octokit.hook.wrap(
    'request',
    retrying({
      retries,
      maxWaitMs: options.maxRetryWaitMs ?? 60_000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      now: options.now ?? Date.now,
      log,
    }),
  );
  const apiHost = new URL(options.baseUrl).host;
  const doing = (what: string, owner: string, repo: string, permissionHint: string): Doing => ({
    what,
    repository: `${owner}/${repo}`,
    permissionHint,
    apiHost,
    attempts: retries + 1,
  });
  const call = async <T>(context: Doing, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      throw toGithubError(err, context) satisfies GithubError;
    }
  };

  return {
    ...issueCalls({ octokit, doing, call }),
    ...issueReadCalls({ octokit, doing, call }),
    async uploadAttestation(owner, repo, bundleJson) {
      const bundle = parseBundle(bundleJson);
      const context = doing(
        `uploading an attestation to ${owner}/${repo}`,
        owner,
        repo,
        'the job needs `permissions: attestations: write` (and `id-token: write` to sign)',
      );
      const response = await call(context, () =>
        octokit.request('POST /repos/{owner}/{repo}/attestations', { owner, repo, bundle }),
      );
      const id = uploadedId(response.data, context.what);
      return options.serverUrl === undefined
        ? { id }
        : {
            id,
            url: `${options.serverUrl.replace(/\/+$/, '')}/${owner}/${repo}/attestations/${String(id)}`,
          };
    },
    async listPullRequestsForCommit(owner, repo, sha) {
      if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha))
        throw inputError(`commit "${sha}" is not a full hex SHA`);
      const context = doing(
        `listing pull requests of commit ${sha} in ${owner}/${repo}`,
        owner,
        repo,
        'the token needs `pull-requests: read` and `contents: read`',
      );
      const items = await call(context, () =>
        octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
          owner,
          repo,
          commit_sha: sha,
          per_page: 100,
        }),
      );
      return items
        .map((item) => toPullRequestSummary(item, context.what))
        .sort((a, b) => a.number - b.number);
    },
    async listReviews(owner, repo, number) {
      if (!Number.isSafeInteger(number) || number < 1)
        throw inputError(`pull request number ${String(number)} is not a positive integer`);
      const context = doing(
        `listing reviews of ${owner}/${repo}#${String(number)}`,
        owner,
        repo,
        'the token needs `pull-requests: read`',
      );
      const items = await call(context, () =>
        octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
          owner,
          repo,
          pull_number: number,
          per_page: 100,
        }),
      );
      return items.map((item) => toReview(item, context.what)).sort((a, b) => a.id - b.id);
    },
    async getMergedBy(owner, repo, number) {
      if (!Number.isSafeInteger(number) || number < 1)
        throw inputError(`pull request number ${String(number)} is not a positive integer`);
      const context = doing(
        `reading ${owner}/${repo}#${String(number)}`,
        owner,
        repo,
        'the token needs `pull-requests: read`',
      );
      const response = await call(context, () =>
        octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: number,
        }),
      );
      const login = (response.data as { merged_by?: { login?: unknown } | null }).merged_by?.login;
      return typeof login === 'string' ? login : undefined;
    },
    async getRepositoryVisibility(owner, repo) {
      const context = doing(
        `reading the visibility of ${owner}/${repo}`,
        owner,
        repo,
        'the token needs `contents: read` (or `metadata: read`)',
      );
      const response = await call(context, () =>
        octokit.request('GET /repos/{owner}/{repo}', { owner, repo }),
      );
      return visibilityOf(response.data, context.what);
    },
    async listAttestations(owner, repo, digest) {
      if (!/^sha256:[0-9a-f]{64}$/.test(digest))
        throw inputError(`digest "${digest}" is not sha256:<64 lowercase hex>`);
      const context = doing(
        `listing attestations of ${digest} in ${owner}/${repo}`,
        owner,
        repo,
        'the token needs `attestations: read` (or `contents: read`)',
      );
      const route = 'GET /repos/{owner}/{repo}/attestations/{subject_digest}' as const;
      const params = { owner, repo, subject_digest: digest, per_page: 100 };
      // The answer is an object ({attestations}), so pages are walked rather than concatenated.
      const found: StoredAttestation[] = [];
      try {
        for await (const page of octokit.paginate.iterator(route, params))
          found.push(...toStoredAttestations(page.data, context.what));
      } catch (err) {
        const mapped = toGithubError(err, context);
        if (mapped.code === 'GITHUB_NOT_FOUND') return [];
        throw mapped;
      }
      return found;
    },
    fetchAttestationBundle(bundleUrl) {
      return fetchBundleUrl(bundleUrl, options.baseUrl, options.fetch ?? globalThis.fetch);
    },
  };
}

// `visibility` is the precise answer; older GitHub Enterprise servers send only `private`.
function visibilityOf(data: unknown, what: string): RepositoryVisibility {
  const { visibility, private: isPrivate } = data as { visibility?: unknown; private?: unknown };
  if (visibility === 'public' || visibility === 'private' || visibility === 'internal')
    return visibility;
  if (typeof isPrivate === 'boolean') return isPrivate ? 'private' : 'public';
  throw new GithubError('GITHUB_PROTOCOL', `GitHub's answer ${what} has no visibility`);
}

function parseBundle(bundleJson: string): Record<string, unknown> {
  let bundle: unknown;
  try {
    bundle = JSON.parse(bundleJson);
  } catch (err) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      'the attestation bundle is not JSON',
      { cause: foreignCause(err) },
    );
  }
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle))
    throw inputError('the attestation bundle is not a JSON object');
  return bundle as Record<string, unknown>;
}

function inputError(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_INVALID', message);
}

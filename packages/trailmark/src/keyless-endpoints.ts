import { foreignCause, isTrailmarkError } from '@trailmark/core';
import { createGithubClient } from '@trailmark/github';
import type { TrailmarkConfig } from './config.js';
import {
  chooseKeylessEndpoints,
  type ExplicitSigstoreURLs,
  type KeylessEndpoints,
  type Visibility,
} from './sigstore-instance.js';

/**
 * The keyless endpoints of this run (see `chooseKeylessEndpoints`): the repository's visibility
 * comes from the event payload, else `GET /repos/{owner}/{repo}` with `githubToken`; when neither
 * answers, the github instance with a notice in `warnings`. Fully explicit URLs skip the lookup.
 */
export async function resolveKeylessEndpoints(
  explicit: ExplicitSigstoreURLs,
  config: TrailmarkConfig,
  githubToken: string | undefined,
  warnings: string[],
): Promise<KeylessEndpoints> {
  const fullyExplicit =
    explicit.fulcioUrl !== undefined &&
    (explicit.rekorUrl !== undefined || explicit.tsaUrl !== undefined);
  const visibility = fullyExplicit
    ? undefined
    : (config.github.visibility ?? (await fetchVisibility(config, githubToken, warnings)));
  const endpoints = chooseKeylessEndpoints(visibility, explicit, config.sigstoreOrigins);
  if (endpoints.notice !== undefined && !fullyExplicit) warnings.push(endpoints.notice);
  return endpoints;
}

// The repository API, when a repository and a token are known; a failure is a warning.
async function fetchVisibility(
  config: TrailmarkConfig,
  token: string | undefined,
  warnings: string[],
): Promise<Visibility | undefined> {
  const [owner, repo] = (config.github.repository ?? '').split('/');
  if (owner === undefined || repo === undefined || owner === '' || repo === '' || !token)
    return undefined;
  try {
    const client = createGithubClient({ token, baseUrl: config.github.apiUrl, retries: 1 });
    return await client.getRepositoryVisibility(owner, repo);
  } catch (err) {
    const why = isTrailmarkError(err) ? err.message : String(foreignCause(err)?.message);
    warnings.push(`could not read the visibility of ${owner}/${repo}: ${why}`);
    return undefined;
  }
}

import * as core from '@actions/core';

/**
 * The job's OIDC token for Fulcio (audience `sigstore`), from the runner's token endpoint.
 * `core.getIDToken` registers the token with `core.setSecret`, so the runner masks it in every
 * later log line; it needs `permissions: id-token: write`.
 */
export function requestIdentityToken(): Promise<string> {
  return core.getIDToken('sigstore');
}

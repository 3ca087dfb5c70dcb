import { setTimeout as sleep } from 'node:timers/promises';
import { AttestError } from '@trailmark/attest';
import { foreignCause } from '@trailmark/core';
import type { Environment } from './run-facts.js';

/** Where keyless signing gets its OIDC identity token. */
export interface IdentityTokenOptions {
  /** The `--identity-token` value; wins over the environment. */
  identityToken?: string | undefined;
  /** The process environment (GitHub Actions' `ACTIONS_ID_TOKEN_REQUEST_*`). */
  env: Environment;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Token audience (default `sigstore`, what Fulcio expects). */
  audience?: string;
  /** Attempts on network errors, 408, 429 and 5xx (default 3). */
  attempts?: number;
  /** Delay before the n-th retry is n times this (default 1000 ms). */
  retryDelayMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
}

const URL_VAR = 'ACTIONS_ID_TOKEN_REQUEST_URL';
const TOKEN_VAR = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';
const HOW_TO =
  'keyless signing needs an OIDC token; in GitHub Actions give the job `permissions: id-token: write`, or pass --identity-token';

/**
 * The OIDC token for keyless signing: `--identity-token` when given, else one requested from
 * GitHub Actions (`GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=sigstore`, bearer
 * `$ACTIONS_ID_TOKEN_REQUEST_TOKEN`). Throws `ATTEST_OIDC` naming the missing variable; neither the
 * request token nor the identity token ever appears in a message.
 */
export async function resolveIdentityToken(options: IdentityTokenOptions): Promise<string> {
  if (options.identityToken !== undefined) return checkGiven(options.identityToken);
  const { url, bearer } = actionsRequest(options.env, options.audience ?? 'sigstore');
  const attempts = Math.max(1, options.attempts ?? 3);
  for (let attempt = 1; ; attempt++) {
    const outcome = await requestToken(
      options.fetch ?? fetch,
      url,
      bearer,
      options.timeoutMs ?? 10_000,
    );
    if (typeof outcome === 'string') return outcome;
    if (!outcome.retryable || attempt >= attempts) {
      throw new AttestError(
        'ATTEST_OIDC',
        `${URL_VAR}: ${outcome.reason} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
        { cause: foreignCause(outcome.cause) },
      );
    }
    await sleep(attempt * (options.retryDelayMs ?? 1000));
  }
}

// An empty --identity-token is a usage mistake, not "no token": say so instead of falling back.
function checkGiven(token: string): string {
  const trimmed = token.trim();
  if (trimmed === '') throw new AttestError('ATTEST_OIDC', '--identity-token is empty');
  return trimmed;
}

// The request URL with the audience, and the bearer token; names exactly what is missing.
function actionsRequest(
  env: IdentityTokenOptions['env'],
  audience: string,
): { url: URL; bearer: string } {
  const missing = [URL_VAR, TOKEN_VAR].filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) {
    throw new AttestError(
      'ATTEST_OIDC',
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set: ${HOW_TO}`,
    );
  }
  if (!URL.canParse(env[URL_VAR] ?? ''))
    throw new AttestError('ATTEST_OIDC', `${URL_VAR} is not a URL`);
  // URLSearchParams rather than "&audience=": also right when the URL has no query string.
  const url = new URL(env[URL_VAR] ?? '');
  url.searchParams.set('audience', audience);
  return { url, bearer: env[TOKEN_VAR] ?? '' };
}

type Failure = { retryable: boolean; reason: string; cause?: unknown };

// One request: the token, or why not. The bearer goes only into the header.
async function requestToken(
  fetchFn: typeof fetch,
  url: URL,
  bearer: string,
  timeoutMs: number,
): Promise<string | Failure> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      headers: { Authorization: `bearer ${bearer}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return {
      retryable: true,
      reason: 'the token request failed',
      cause: foreignCause(error, [bearer]),
    };
  }
  if (!response.ok) {
    const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
    return {
      retryable,
      reason: `the token request was answered ${response.status} ${response.statusText}`.trimEnd(),
    };
  }
  const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
  if (typeof body?.value !== 'string' || body.value === '')
    return { retryable: false, reason: 'the answer has no token in "value"' };
  return body.value;
}

/**
 * Claims of an OIDC token as GitHub Actions issues them. Decoded, NOT verified: Fulcio verifies the
 * token; these values only fill unsigned convenience fields. What verifiers trust is the certificate.
 */
export interface IdentityClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  repository?: string;
  repository_id?: string;
  repository_owner?: string;
  repository_owner_id?: string;
  ref?: string;
  sha?: string;
  workflow_ref?: string;
  job_workflow_ref?: string;
  run_id?: string;
  run_attempt?: string;
  runner_environment?: string;
  event_name?: string;
  actor?: string;
}

const STRING_CLAIMS = [
  'iss',
  'sub',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id',
  'ref',
  'sha',
  'workflow_ref',
  'job_workflow_ref',
  'run_id',
  'run_attempt',
  'runner_environment',
  'event_name',
  'actor',
] as const;

/**
 * Decodes (does not verify) a JWT's payload and keeps the GitHub Actions claims that are strings.
 * Throws `ATTEST_OIDC` when the token is not a JWT; the message never quotes the token.
 */
export function claimsOf(token: string): IdentityClaims {
  const payload = decodePayload(token);
  const claims: IdentityClaims = {};
  for (const name of STRING_CLAIMS) {
    const value = payload[name];
    if (typeof value === 'string') claims[name] = value;
  }
  const aud = payload.aud;
  if (
    typeof aud === 'string' ||
    (Array.isArray(aud) && aud.every((item) => typeof item === 'string'))
  )
    claims.aud = aud;
  return claims;
}

// The middle part of header.payload.signature as a JSON object.
function decodePayload(token: string): Record<string, unknown> {
  const parts = token.split('.');
  const fail = (cause?: unknown): AttestError =>
    new AttestError(
      'ATTEST_OIDC',
      'the identity token is not a JWT (expected header.payload.signature with a JSON payload)',
      { cause: foreignCause(cause) },
    );
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+={0,2}$/.test(parts[1] ?? '')) throw fail();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    // The parser's message quotes the decoded payload: drop it rather than keep it as a cause.
    throw fail();
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw fail();
  return payload as Record<string, unknown>;
}

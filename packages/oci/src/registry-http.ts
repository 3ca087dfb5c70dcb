import { foreignCause } from '@trailmark/core';
import { OciError } from './error.js';
import type { SubjectImage } from './subject-image.js';

/** Username and password for a registry (Basic, or exchanged for a bearer token). */
export interface RegistryCredentials {
  username: string;
  password: string;
}

/** How the plain-fetch side of the store talks to a registry. */
export interface RegistryHttpOptions {
  fetch: typeof fetch;
  credentials: RegistryCredentials | undefined;
  /** Extra attempts after a connection error, a 5xx, 408 or 429. */
  retries: number;
  /** Wait before the first retry; doubles each time. */
  retryDelayMs: number;
  timeoutMs: number;
}

/** GET/HEAD against one repository's `/v2/` API, with auth challenges and bounded retries. */
export interface RegistryHttp {
  /**
   * Answers a response whose status is below 400, or 404 (the caller decides what a 404 means).
   * Throws `OCI_AUTH` on 401/403, `OCI_UNREACHABLE` once retries are spent, `OCI_PROTOCOL` otherwise.
   */
  request(method: 'GET' | 'HEAD', path: string, accept?: string): Promise<Response>;
  /** True when an anonymous `GET /v2/` is answered with a 401 challenge. */
  challenges(): Promise<boolean>;
}

/** Creates the client for `subject`'s registry; it caches one Authorization header. */
export function createRegistryHttp(
  subject: SubjectImage,
  options: RegistryHttpOptions,
): RegistryHttp {
  const { credentials } = options;
  let authorization = credentials === undefined ? undefined : `Basic ${basic(credentials)}`;
  let triedToken = false;
  const request = async (
    method: 'GET' | 'HEAD',
    path: string,
    accept?: string,
  ): Promise<Response> => {
    const url = `${subject.baseUrl}${path}`;
    const headers: Record<string, string> = accept === undefined ? {} : { accept };
    if (authorization !== undefined) headers.authorization = authorization;
    const response = await fetchWithRetries(
      url,
      { method, headers, redirect: 'follow' },
      subject,
      options,
    );
    // A bearer challenge is answered once per client with a token from the registry's realm.
    if (response.status === 401 && !triedToken) {
      const challenge = response.headers.get('www-authenticate') ?? '';
      if (/^bearer /i.test(challenge)) {
        triedToken = true;
        authorization = `Bearer ${await fetchToken(challenge, subject, options)}`;
        return request(method, path, accept);
      }
    }
    if (response.status === 401 || response.status === 403)
      throw authError(subject, credentials, response.status);
    if (response.status >= 400 && response.status !== 404) {
      throw new OciError(
        'OCI_PROTOCOL',
        `registry ${subject.registry} answered ${method} ${pathOnly(url)} with HTTP ${response.status}`,
      );
    }
    return response;
  };
  const challenges = async (): Promise<boolean> => {
    const response = await fetchWithRetries(`${subject.baseUrl}/v2/`, {}, subject, options);
    await response.body?.cancel();
    return response.status === 401;
  };
  return { request, challenges };
}

/** The registry's bearer token for the challenged scope, fetched with Basic credentials when given. */
async function fetchToken(
  challenge: string,
  subject: SubjectImage,
  options: RegistryHttpOptions,
): Promise<string> {
  const params = Object.fromEntries(
    [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key ?? '', value ?? '']),
  );
  if (params.realm === undefined)
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} sent a bearer challenge without a realm`,
    );
  const url = new URL(params.realm);
  if (params.service !== undefined) url.searchParams.set('service', params.service);
  if (params.scope !== undefined) url.searchParams.set('scope', params.scope);
  const headers: Record<string, string> =
    options.credentials === undefined
      ? {}
      : { authorization: `Basic ${basic(options.credentials)}` };
  const response = await fetchWithRetries(url.href, { headers }, subject, options);
  if (response.status === 401 || response.status === 403)
    throw authError(subject, options.credentials, response.status);
  const body = (await response.json().catch(() => ({}))) as {
    token?: unknown;
    access_token?: unknown;
  };
  const token = body.token ?? body.access_token;
  if (!response.ok || typeof token !== 'string') {
    throw new OciError(
      'OCI_PROTOCOL',
      `token service of registry ${subject.registry} answered HTTP ${response.status} without a token`,
    );
  }
  return token;
}

/** fetch, retried with doubling waits on connection errors, 408, 429 and 5xx. */
async function fetchWithRetries(
  url: string,
  init: RequestInit,
  subject: SubjectImage,
  options: RegistryHttpOptions,
): Promise<Response> {
  let failure = '';
  let lastError: unknown;
  for (let attempt = 0; attempt <= options.retries; attempt += 1) {
    if (attempt > 0) await sleep(options.retryDelayMs * 2 ** (attempt - 1));
    try {
      const response = await options.fetch(url, {
        ...init,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!isRetryableStatus(response.status)) return response;
      failure = `HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (err) {
      lastError = err;
      failure = networkFailure(err);
    }
  }
  throw new OciError(
    'OCI_UNREACHABLE',
    `registry ${subject.registry} could not be reached for ${pathOnly(url)} after ${options.retries + 1} attempts (${failure})`,
    { cause: foreignCause(lastError) },
  );
}

/** True for statuses worth another attempt: timeouts, throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The error code of a failed fetch (`ECONNREFUSED`, `TimeoutError`…), never its URL or headers. */
function networkFailure(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  if (code !== undefined) return code;
  return err instanceof Error ? err.name : 'connection failed';
}

function authError(
  subject: SubjectImage,
  credentials: RegistryCredentials | undefined,
  status: number,
): OciError {
  const why = credentials === undefined ? 'requires credentials' : 'rejected the credentials';
  return new OciError(
    'OCI_AUTH',
    `registry ${subject.registry} ${why} for ${subject.repository} (HTTP ${status})`,
  );
}

function basic(credentials: RegistryCredentials): string {
  return Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
}

function pathOnly(url: string): string {
  return new URL(url).pathname;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

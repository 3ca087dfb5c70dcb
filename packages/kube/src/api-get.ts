import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { foreignCause } from '@trailmark/core';
import { KubeError } from './error.js';
import type { LoadedConfig } from './kube-config.js';

/** An answer of the API server: status and parsed JSON body (`undefined` when it was not JSON). */
export interface ApiResponse {
  status: number;
  body: unknown;
  /**
   * The credentials this request carried (bearer token, Basic user:password), so that text quoted
   * from the server can be scrubbed of them: a server or proxy may echo a request in its error.
   */
  credentials: string[];
}

/** One GET: the path with query, the `Accept` header, the time allowed, and what it is for. */
export interface ApiGet {
  path: string;
  accept: string;
  timeoutMs: number;
  /** For messages: `listing pods`. */
  doing: string;
}

// Node's TLS verification failures: the server's certificate does not chain to the configured CA.
const TLS_CODES = /^(ERR_TLS_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_|CERT_|ERR_SSL_)/;

/**
 * GETs `path` from the current context's API server with the TLS settings and credentials
 * client-node derives from the kubeconfig (`applyToHTTPSOptions`: CA, client certificate, bearer
 * token, exec and auth-provider plugins, proxy). The whole request must finish within `timeoutMs`
 * (`KUBE_TIMEOUT`); a connection or TLS failure is `KUBE_UNREACHABLE`. HTTP errors are returned,
 * not thrown: the caller maps them with the resource in hand.
 */
export async function apiGet(config: LoadedConfig, get: ApiGet): Promise<ApiResponse> {
  const options: RequestOptions = { headers: {} };
  try {
    await config.kubeConfig.applyToHTTPSOptions(options);
  } catch (error) {
    throw new KubeError(
      'KUBE_AUTH',
      `could not get credentials for context "${config.context}" ${get.doing}`,
      {
        cause: foreignCause(error),
      },
    );
  }
  const url = new URL(get.path, config.server);
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const headers = { ...(options.headers as Record<string, string>), Accept: get.accept };
  return new Promise<ApiResponse>((resolve, reject) => {
    const req = request(url, { ...options, method: 'GET', headers }, (response) => {
      readBody(response).then((text) => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          body: parseBody(text),
          credentials: credentialsOf(options),
        });
      }, fail);
    });
    const timer = setTimeout(() => {
      req.destroy(
        new KubeError(
          'KUBE_TIMEOUT',
          `${config.server} did not answer within ${get.timeoutMs} ms ${get.doing}`,
        ),
      );
    }, get.timeoutMs);
    function fail(error: unknown): void {
      clearTimeout(timer);
      reject(transportError(error, config, get));
    }
    req.on('error', fail);
    req.end();
  });
}

function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    response.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function transportError(error: unknown, config: LoadedConfig, get: ApiGet): KubeError {
  if (error instanceof KubeError) return error;
  const code = (error as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : 'connection failed';
  if (typeof code === 'string' && TLS_CODES.test(code))
    return new KubeError(
      'KUBE_UNREACHABLE',
      `TLS verification of ${config.server} failed (${text}) ${get.doing}: the server's certificate does not match the kubeconfig's certificate-authority`,
      { cause: foreignCause(error) },
    );
  return new KubeError(
    'KUBE_UNREACHABLE',
    `API server ${config.server} could not be reached (${text}) ${get.doing}`,
    {
      cause: foreignCause(error),
    },
  );
}

function credentialsOf(options: RequestOptions): string[] {
  const headers = options.headers as Record<string, unknown>;
  const authorization = headers.Authorization ?? headers.authorization;
  const values: string[] = [];
  if (typeof authorization === 'string') values.push(authorization.replace(/^\w+\s+/, ''));
  if (typeof options.auth === 'string') values.push(options.auth, ...options.auth.split(':'));
  return values;
}

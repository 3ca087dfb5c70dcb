import { scrubSecrets } from '@trailmark/core';
import { KubeError, type KubeErrorCode } from './error.js';
import type { ResourceInfo } from './resources.js';

/** What was asked of the API server, for messages and RBAC hints. */
export interface Asked {
  server: string;
  resource: ResourceInfo;
  verb: 'list' | 'watch' | 'get';
  /** Credentials the request carried: removed from anything quoted from the server. */
  credentials?: readonly string[];
}

/**
 * The {@link KubeError} for an HTTP error answer (a `kind: Status` body, when the server sent one).
 * A 403 names the verb, resource and API group, so the missing RBAC rule is plain; the server's
 * own `message` is quoted (it names the user, never a credential).
 */
export function statusError(status: number, body: unknown, asked: Asked): KubeError {
  const { resource, verb, server } = asked;
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.split('/')[0] : '';
  const said = serverMessage(body, asked.credentials ?? []);
  const what = `${verb} ${resource.resource}`;
  const make = (code: KubeErrorCode, message: string): KubeError =>
    new KubeError(code, `${message}${said === undefined ? '' : `: "${said}"`}`);
  switch (status) {
    case 401:
      return make('KUBE_AUTH', `${server} rejected the credentials (HTTP 401) to ${what}`);
    case 403:
      return make(
        'KUBE_FORBIDDEN',
        `${server} forbids ${what} (HTTP 403): the identity needs a ClusterRole rule with verbs [${verb}] on resources [${resource.resource}] in apiGroups ["${group ?? ''}"] (see deploy/clusterrole.yaml)`,
      );
    case 404:
      return make(
        'KUBE_NOT_FOUND',
        `${server} does not serve ${resource.apiVersion} ${resource.resource} (HTTP 404)`,
      );
    case 410:
      return make(
        'KUBE_GONE',
        `${server}: the list of ${resource.resource} expired while paging (HTTP 410)`,
      );
    case 504:
      return make('KUBE_TIMEOUT', `${server} timed out (HTTP 504) to ${what}`);
    default:
      return make(
        status >= 500 ? 'KUBE_UNREACHABLE' : 'KUBE_PROTOCOL',
        `${server} answered HTTP ${status} to ${what}`,
      );
  }
}

/** `message` of a Status body, on one line, without the request's credentials, cut short. */
function serverMessage(body: unknown, credentials: readonly string[]): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const message = (body as { message?: unknown }).message;
  if (typeof message !== 'string' || message === '') return undefined;
  const flat = scrubSecrets(message, credentials).replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

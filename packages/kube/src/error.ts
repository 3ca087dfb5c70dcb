import { TrailmarkError } from '@trailmark/core';

/**
 * Error codes owned by `kube`. The CLI maps `KUBE_CONFIG` (a bad kubeconfig or unknown context)
 * and `KUBE_PARSE` (a snapshot or `kubectl -o json|yaml` file that cannot be read) to exit 2, and
 * every other code — the API server could not be reached, refused us, or answered nonsense — to
 * exit 3.
 */
export type KubeErrorCode =
  | 'KUBE_CONFIG'
  | 'KUBE_PARSE'
  | 'KUBE_UNREACHABLE'
  | 'KUBE_AUTH'
  | 'KUBE_FORBIDDEN'
  | 'KUBE_NOT_FOUND'
  | 'KUBE_GONE'
  | 'KUBE_TIMEOUT'
  | 'KUBE_PROTOCOL';

/**
 * An error reading a cluster or a cluster file. Names the server, resource and verb (or the
 * file:line); never carries a bearer token, a client key or a Secret value.
 */
export class KubeError extends TrailmarkError<KubeErrorCode> {}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  FAKE_RESOURCES,
  discoveryDocument,
  forbiddenBody,
  groupVersionOf,
  statusBody,
  type FakeResource,
} from './fake-kube-api.js';
import { ObjectStore, recordedObjects, type StoredObject } from './fake-kube-store.js';
import { createTestTls, kubeconfigYaml, type KubeconfigSpec } from './fake-kube-tls.js';
import {
  remember,
  sendJson,
  serveList,
  serveWatch,
  type FakeKubeRequest,
  type InjectedFailure,
  type ServerState,
} from './fake-kube-lists.js';

/** Options of {@link startFakeKube}. */
export interface FakeKubeOptions {
  /** Objects served at start (default: every recorded fixture of `fixtures/k8s/`). */
  objects?: readonly object[];
  /** The bearer token accepted (default: a random one). */
  token?: string;
  /** The user named in 403 messages (default `system:serviceaccount:trailmark:reader`). */
  user?: string;
  /**
   * Answer `as=PartialObjectMetadataList` requests with metadata only, as kube-apiserver does
   * (default true); false stands for a proxy or old server that sends whole objects regardless.
   */
  metadataLists?: boolean;
  /**
   * How a watch from a resourceVersion older than the remembered history is refused: an `ERROR`
   * event with a 410 Status on a 200 stream, as the watch cache does (default), or HTTP 410.
   */
  tooOldWatch?: 'event' | 'http';
}

/** A running fake Kubernetes API server (HTTPS on 127.0.0.1). */
export interface FakeKube {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  token: string;
  /** The test CA the server's certificate chains to. */
  caPem: string;
  /** A kubeconfig for this server (CA inline, the accepted token unless another is given). */
  kubeconfig: (spec?: Partial<KubeconfigSpec>) => string;
  /** Every request, in order. */
  requests: FakeKubeRequest[];
  /** Adds (or replaces) objects; open watches get ADDED/MODIFIED events. */
  add: (...objects: object[]) => void;
  /** Sends a watch event to open watches of the object's resource and applies it to the store. */
  pushEvent: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: object) => void;
  /** Every continue token handed out so far answers 410 Expired from now on. */
  expireContinueTokens: () => void;
  /** Answers `path` (exact, without query) with a failure until cleared. */
  fail: (path: string, failure: InjectedFailure) => void;
  clearFailures: () => void;
  /**
   * Forgets the change history, as etcd compaction does: a watch resuming from an earlier
   * resourceVersion is refused with 410 Expired (see `tooOldWatch`) and must list again.
   */
  compact: () => void;
  /** Ends every open watch stream normally, or with a 410 ERROR event (`gone`). */
  endWatches: (how?: 'end' | 'gone') => void;
  /** Called with each request before it is answered (e.g. to expire tokens mid-list). */
  beforeRequest: ((request: FakeKubeRequest) => void) | undefined;
  close: () => Promise<void>;
}

/**
 * Starts a fake Kubernetes API server on 127.0.0.1, speaking the real protocol as far as readers
 * use it: HTTPS with a certificate from a test CA generated at start (clients verify it through
 * the kubeconfig's `certificate-authority-data`), bearer-token auth (401 Status otherwise),
 * discovery (`/api`, `/apis`, `/api/v1`, …), list with `limit`/`continue` and opaque tokens
 * that can be expired (410), metadata-only lists (`as=PartialObjectMetadataList`), `?watch=1`
 * streams, single GETs, injected 403/404/5xx or stalls per path, and a request log. Items in
 * lists carry no `kind`/`apiVersion`, as the API server sends them.
 */
export async function startFakeKube(options: FakeKubeOptions = {}): Promise<FakeKube> {
  const tls = await createTestTls();
  const token = options.token ?? randomBytes(24).toString('hex');
  const user = options.user ?? 'system:serviceaccount:trailmark:reader';
  const store = new ObjectStore();
  for (const object of options.objects ?? recordedObjects()) store.put(object as StoredObject);
  const state: ServerState = {
    store,
    epoch: 0,
    failures: new Map(),
    watches: new Set(),
    user,
    requests: [],
    metadataLists: options.metadataLists ?? true,
    history: [],
    oldestRevision: Number(store.resourceVersion),
    tooOldWatch: options.tooOldWatch ?? 'event',
  };
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    handle(state, token, req, res, fake.beforeRequest);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.serverAddress = url.slice('https://'.length);
  const fake: FakeKube = {
    beforeRequest: undefined,
    url,
    token,
    caPem: tls.caPem,
    kubeconfig: (spec = {}) => kubeconfigYaml({ server: url, caPem: tls.caPem, token, ...spec }),
    requests: state.requests,
    add: (...objects) => {
      for (const object of objects) emit(state, 'ADDED', store.put(object as StoredObject));
    },
    pushEvent: (type, object) => {
      const stored =
        type === 'DELETED'
          ? store.remove(object as StoredObject)
          : store.put(object as StoredObject);
      if (stored) emit(state, type, stored);
    },
    expireContinueTokens: () => {
      state.epoch++;
    },
    compact: () => {
      state.history = [];
      state.oldestRevision = Number(store.resourceVersion);
    },
    fail: (path, failure) => state.failures.set(path, failure),
    clearFailures: () => {
      state.failures.clear();
    },
    endWatches: (how = 'end') => {
      for (const watch of state.watches) watch.end(how);
      state.watches.clear();
    },
    close: () => closeServer(server, state),
  };
  return fake;
}

const ROUTE =
  /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/;

function handle(
  state: ServerState,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
  before: FakeKube['beforeRequest'],
): void {
  const url = new URL(req.url ?? '/', 'https://fake');
  const accept = req.headers.accept ?? '';
  const authenticated = req.headers.authorization === `Bearer ${token}`;
  const request: FakeKubeRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    accept,
    authenticated,
  };
  state.requests.push(request);
  before?.(request);
  if (!authenticated) {
    sendJson(res, 401, statusBody(401, 'Unauthorized'));
    return;
  }
  const failure = state.failures.get(url.pathname);
  if (failure && 'stall' in failure) return; // never answered: the client's timeout must fire
  const route = routeOf(url.pathname);
  if (failure) {
    const authorization = req.headers.authorization ?? '';
    // Quoted twice: as the header, and bare (no `Bearer` prefix for a scrubber to spot).
    const echoed = failure.echoRequest
      ? {
          ...failure,
          message: `rejected GET ${url.pathname} with Authorization: ${authorization} (credential ${authorization.replace(/^Bearer /, '')})`,
        }
      : failure;
    sendJson(res, failure.status, failureBody(state, echoed, route));
    return;
  }
  if (req.method !== 'GET') {
    sendJson(res, 405, statusBody(405, `${req.method ?? ''} is not supported by the fake`));
    return;
  }
  const discovery = discoveryDocument(url.pathname, state.serverAddress ?? '');
  if (discovery) {
    sendJson(res, 200, discovery);
    return;
  }
  if (!route) {
    sendJson(res, 404, statusBody(404, 'the server could not find the requested resource', {}));
    return;
  }
  const { resource, namespace, name } = route;
  if (name !== undefined) {
    serveGet(state, res, resource, namespace, name);
    return;
  }
  const watch = url.searchParams.get('watch');
  if (watch === '1' || watch === 'true') {
    serveWatch(state, req, res, resource, namespace, url.searchParams);
    return;
  }
  serveList(state, res, resource, namespace, url.searchParams, accept);
}

interface Route {
  resource: FakeResource;
  namespace: string | undefined;
  name: string | undefined;
}

function routeOf(path: string): Route | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  const [, core, group, version, namespace, plural, name] = match;
  const groupVersion = core ?? `${group ?? ''}/${version ?? ''}`;
  const resource = FAKE_RESOURCES.find(
    (r) => groupVersionOf(r) === groupVersion && r.name === plural,
  );
  if (!resource || (namespace !== undefined && !resource.namespaced)) return undefined;
  return { resource, namespace, name };
}

function serveGet(
  state: ServerState,
  res: ServerResponse,
  resource: FakeResource,
  namespace: string | undefined,
  name: string,
): void {
  const object = state.store.get(resource, namespace, name);
  if (object) {
    sendJson(res, 200, object);
    return;
  }
  sendJson(
    res,
    404,
    statusBody(404, `${resource.name} "${name}" not found`, { name, kind: resource.name }),
  );
}

function failureBody(
  state: ServerState,
  failure: { status: number; message?: string },
  route: Route | undefined,
): object {
  if (failure.status === 403 && route && failure.message === undefined)
    return forbiddenBody(state.user, 'list', route.resource, route.namespace);
  return statusBody(failure.status, failure.message ?? defaultMessage(failure.status));
}

function defaultMessage(status: number): string {
  if (status === 404) return 'the server could not find the requested resource';
  if (status === 504)
    return 'the server was unable to return a response in the time allotted, but may still be processing the request';
  return 'Internal error occurred: injected by the test';
}

function emit(
  state: ServerState,
  type: 'ADDED' | 'MODIFIED' | 'DELETED',
  object: StoredObject,
): void {
  remember(state, type, object);
  for (const watch of state.watches) watch.send(type, object);
}

async function closeServer(server: Server, state: ServerState): Promise<void> {
  for (const watch of state.watches) watch.end('end');
  state.watches.clear();
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}

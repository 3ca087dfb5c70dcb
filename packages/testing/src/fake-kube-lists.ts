import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXPIRED_MESSAGE, groupVersionOf, statusBody, type FakeResource } from './fake-kube-api.js';
import type { ObjectStore, StoredObject } from './fake-kube-store.js';

/** One request the fake received (the token is never recorded). */
export interface FakeKubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  accept: string;
  /** True when it carried the accepted bearer token. */
  authenticated: boolean;
}

/**
 * A failure injected for one path: an HTTP status with a real Status body (with `echoRequest`, its
 * message quotes the request's Authorization header, as a careless proxy might — a leak plant),
 * or no answer at all.
 */
export type InjectedFailure =
  { status: 403 | 404 | 500 | 504; message?: string; echoRequest?: boolean } | { stall: true };

/** What the fake's handlers share. */
export interface ServerState {
  store: ObjectStore;
  /** Continue tokens of earlier epochs are expired. */
  epoch: number;
  failures: Map<string, InjectedFailure>;
  watches: Set<WatchStream>;
  user: string;
  requests: FakeKubeRequest[];
  /** See `FakeKubeOptions.metadataLists`. */
  metadataLists: boolean;
  serverAddress?: string;
  /** Every change since `oldestRevision`, in order: what a watch from a resourceVersion replays. */
  history: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: StoredObject }[];
  /** A watch from a resourceVersion older than this is answered 410 (etcd compacted it). */
  oldestRevision: number;
  /** See `FakeKubeOptions.tooOldWatch`. */
  tooOldWatch: 'event' | 'http';
}

/** Changes the fake remembers for watches that resume (etcd keeps about 5 minutes of them). */
const HISTORY_LIMIT = 10_000;

/** Records a change for watches that resume later, forgetting the oldest beyond the limit. */
export function remember(
  state: ServerState,
  type: 'ADDED' | 'MODIFIED' | 'DELETED',
  object: StoredObject,
): void {
  state.history.push({ type, object });
  if (state.history.length > HISTORY_LIMIT) {
    const dropped = state.history.shift();
    state.oldestRevision = Number(dropped?.object.metadata.resourceVersion);
  }
}

/** An open `?watch=1` response. */
export interface WatchStream {
  send: (type: 'ADDED' | 'MODIFIED' | 'DELETED', object: StoredObject) => void;
  end: (how: 'end' | 'gone') => void;
}

interface ContinueToken {
  epoch: number;
  offset: number;
  resourceVersion: string;
}

const METADATA_LIST = 'as=PartialObjectMetadataList';
const METADATA_OBJECT = /as=PartialObjectMetadata(?:;|,|$)/;

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(JSON.stringify(body));
}

/**
 * A list page: `limit` items from the offset in `continue`, with `metadata.continue` and
 * `remainingItemCount` while more remain; an expired or malformed token is 410 Expired / 400.
 * With `Accept: …;as=PartialObjectMetadataList;…` the items are metadata only.
 */
export function serveList(
  state: ServerState,
  res: ServerResponse,
  resource: FakeResource,
  namespace: string | undefined,
  query: URLSearchParams,
  accept: string,
): void {
  const token = decodeToken(query.get('continue'));
  if (token === 'malformed') {
    sendJson(
      res,
      400,
      statusBody(
        400,
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      ),
    );
    return;
  }
  if (token && token.epoch !== state.epoch) {
    sendJson(res, 410, statusBody(410, EXPIRED_MESSAGE));
    return;
  }
  const all = state.store.list(resource, namespace);
  const offset = token?.offset ?? 0;
  const limit = Number(query.get('limit') ?? '0');
  const end = limit > 0 ? Math.min(all.length, offset + limit) : all.length;
  const resourceVersion = token?.resourceVersion ?? state.store.resourceVersion;
  const metadata: Record<string, unknown> = { resourceVersion };
  if (end < all.length) {
    metadata.continue = encodeToken({ epoch: state.epoch, offset: end, resourceVersion });
    metadata.remainingItemCount = all.length - end;
  }
  const page = all.slice(offset, end);
  if (state.metadataLists && accept.includes(METADATA_LIST)) {
    const items = page.map((object) => ({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: object.metadata,
    }));
    const body = {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items,
    };
    sendJson(res, 200, body, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
    return;
  }
  const body = {
    kind: `${resource.kind}List`,
    apiVersion: groupVersionOf(resource),
    metadata,
    items: page.map(asListItem),
  };
  sendJson(res, 200, body);
}

/** List items carry no `kind`/`apiVersion` on the wire (kubectl and clients fill them in). */
function asListItem(object: StoredObject): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([key]) => key !== 'kind' && key !== 'apiVersion'),
  );
}

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'fake.k8s.io/v1', ...token })).toString('base64url');
}

function decodeToken(text: string | null): ContinueToken | undefined | 'malformed' {
  if (text === null || text === '') return undefined;
  try {
    const token = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as Partial<ContinueToken>;
    if (
      typeof token.epoch !== 'number' ||
      typeof token.offset !== 'number' ||
      typeof token.resourceVersion !== 'string'
    )
      return 'malformed';
    return { epoch: token.epoch, offset: token.offset, resourceVersion: token.resourceVersion };
  } catch {
    return 'malformed';
  }
}

/**
 * A `?watch=1` stream: one JSON object per line, `{"type": …, "object": …}`. Without a
 * `resourceVersion` (or with "0") it starts with an ADDED event for every existing object, as the
 * API server does; from a resourceVersion it first replays the changes made since (a
 * resourceVersion older than the remembered history is answered 410 Expired: an ERROR event, or
 * HTTP 410 with `tooOldWatch: 'http'`). Then it sends what the test pushes, until the test ends
 * it — normally, or with an ERROR event carrying a 410 Expired Status. With
 * `Accept: …;as=PartialObjectMetadata;…` the objects are metadata only.
 */
export function serveWatch(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  resource: FakeResource,
  namespace: string | undefined,
  query: URLSearchParams,
): void {
  const from = query.get('resourceVersion');
  const resumes = from !== null && from !== '' && from !== '0';
  const tooOld = resumes && Number(from) < state.oldestRevision;
  const gone = (): object =>
    statusBody(410, `too old resource version: ${from ?? ''} (${state.store.resourceVersion})`);
  if (tooOld && state.tooOldWatch === 'http') {
    sendJson(res, 410, gone());
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  // Headers go out at once, as kube-apiserver sends them: clients wait for them before reading.
  res.flushHeaders();
  const metadataOnly = state.metadataLists && METADATA_OBJECT.test(req.headers.accept ?? '');
  const write = (type: string, object: StoredObject): void => {
    const sent = metadataOnly
      ? { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata }
      : object;
    res.write(`${JSON.stringify({ type, object: sent })}\n`);
  };
  const matches = (object: StoredObject): boolean =>
    object.kind === resource.kind &&
    object.apiVersion === groupVersionOf(resource) &&
    (namespace === undefined || object.metadata.namespace === namespace);
  if (tooOld) {
    res.end(`${JSON.stringify({ type: 'ERROR', object: gone() })}\n`);
    return;
  }
  const stream: WatchStream = {
    send: (type, object) => {
      if (matches(object)) write(type, object);
    },
    end: (how) => {
      if (how === 'gone')
        res.write(
          `${JSON.stringify({ type: 'ERROR', object: statusBody(410, `too old resource version: 1 (${state.store.resourceVersion})`) })}\n`,
        );
      res.end();
    },
  };
  state.watches.add(stream);
  req.on('close', () => state.watches.delete(stream));
  if (!resumes) {
    for (const object of state.store.list(resource, namespace)) write('ADDED', object);
    return;
  }
  for (const change of state.history)
    if (Number(change.object.metadata.resourceVersion) > Number(from) && matches(change.object))
      write(change.type, change.object);
}

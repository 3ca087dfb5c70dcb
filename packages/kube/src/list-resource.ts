import type { KubeObject } from '@trailmark/core';
import { isRecord } from './collect-objects.js';
import { apiGet } from './api-get.js';
import { KubeError } from './error.js';
import type { LoadedConfig } from './kube-config.js';
import { statusError } from './map-status.js';
import { listPath, type ResourceInfo } from './resources.js';
import { withoutSecretData } from './secret-data.js';

/** How {@link listResource} pages. */
export interface PagingOptions {
  /** `limit` of each page. */
  pageSize: number;
  /** Time allowed for each request. */
  timeoutMs: number;
}

/** Every object of one resource, and how it was read. */
export interface ListedResource {
  objects: KubeObject[];
  pages: number;
  /** 1 when the list was restarted after its continue token expired (410). */
  restarts: number;
  /** The list's `metadata.resourceVersion` (where a watch of it starts), when the server gave one. */
  resourceVersion?: string;
}

const JSON_ACCEPT = 'application/json';
/**
 * Secrets are listed as metadata only: the API server sends a `PartialObjectMetadataList`, so no
 * value ever leaves it. A server that cannot serve that falls back to plain JSON, and the values
 * are dropped as each page arrives.
 */
export const METADATA_ACCEPT = `application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,${JSON_ACCEPT}`;

/**
 * Lists every object of `resource` in all namespaces, page by page (`limit`/`continue`). When the
 * continue token expires mid-way (410 Gone) the list starts over from the first page, once; a
 * second expiry is `KUBE_GONE`. Items get their `kind` and `apiVersion` (the API omits them in
 * lists) and Secrets lose their values before the page is kept.
 */
export async function listResource(
  config: LoadedConfig,
  resource: ResourceInfo,
  paging: PagingOptions,
): Promise<ListedResource> {
  const asked = { server: config.server, resource, verb: 'list' as const };
  const accept = resource.kind === 'Secret' ? METADATA_ACCEPT : JSON_ACCEPT;
  let objects: KubeObject[] = [];
  let token: string | undefined;
  let pages = 0;
  let restarts = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: String(paging.pageSize) });
    if (token !== undefined) query.set('continue', token);
    const response = await apiGet(config, {
      path: `${listPath(resource)}?${query.toString()}`,
      accept,
      timeoutMs: paging.timeoutMs,
      doing: `listing ${resource.resource}`,
    });
    // An expired continue token: start over once, as client-go's pager does.
    if (response.status === 410 && token !== undefined && restarts === 0) {
      restarts++;
      objects = [];
      token = undefined;
      continue;
    }
    if (response.status !== 200)
      throw statusError(response.status, response.body, {
        ...asked,
        credentials: response.credentials,
      });
    const page = pageOf(response.body, resource, config.server);
    pages++;
    objects.push(...page.items);
    if (page.next === undefined)
      return {
        objects,
        pages,
        restarts,
        ...(page.resourceVersion === undefined ? {} : { resourceVersion: page.resourceVersion }),
      };
    token = page.next;
  }
}

function pageOf(
  body: unknown,
  resource: ResourceInfo,
  server: string,
): { items: KubeObject[]; next: string | undefined; resourceVersion: string | undefined } {
  const items = isRecord(body) ? body.items : undefined;
  if (!isRecord(body) || !(Array.isArray(items) || items === null))
    throw new KubeError(
      'KUBE_PROTOCOL',
      `${server} answered the list of ${resource.resource} with something that is not a list`,
    );
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  const next =
    typeof metadata.continue === 'string' && metadata.continue !== ''
      ? metadata.continue
      : undefined;
  const resourceVersion =
    typeof metadata.resourceVersion === 'string' && metadata.resourceVersion !== ''
      ? metadata.resourceVersion
      : undefined;
  return {
    items: (items ?? []).map((item: unknown) => itemOf(item, resource, server)),
    next,
    resourceVersion,
  };
}

/** A list (or watch) item as a whole object: kind and apiVersion set, Secret values dropped. */
export function itemOf(item: unknown, resource: ResourceInfo, server: string): KubeObject {
  const metadata = isRecord(item) ? item.metadata : undefined;
  if (!isRecord(item) || !isRecord(metadata) || typeof metadata.name !== 'string')
    throw new KubeError(
      'KUBE_PROTOCOL',
      `${server} listed a ${resource.kind} without metadata.name`,
    );
  // Metadata-only items say `PartialObjectMetadata`: the kind asked for is what they are.
  // `kind` and `apiVersion` first, as kubectl prints them.
  const head = { apiVersion: resource.apiVersion, kind: resource.kind };
  const object = Object.assign({ ...head }, item, head) as KubeObject;
  return withoutSecretData(object);
}

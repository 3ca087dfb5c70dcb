import { createHash } from 'node:crypto';
import { foreignCause } from '@trailmark/core';
import { OciError } from './error.js';
import {
  ANY_MANIFEST,
  BUNDLE_MEDIA_TYPE_PREFIX,
  OCI_INDEX,
  OCI_MANIFEST,
  PREDICATE_TYPE_ANNOTATION,
} from './media-types.js';
import type { RegistryHttp } from './registry-http.js';
import { referrersTag, type SubjectImage } from './subject-image.js';

/** A Sigstore bundle found attached to an image. */
export interface StoredBundle {
  /** Digest of the referrer manifest that carries the bundle. */
  digest: string;
  /** The manifest's `dev.sigstore.bundle.predicateType` annotation: a hint set by whoever pushed it. */
  predicateType?: string;
  /** The bundle exactly as stored (its blob digest was checked). */
  bundleJson: string;
}

/** One entry of an OCI index (referrers API response or `sha256-<hex>` tag). */
export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;
const MAX_REFERRER_PAGES = 100;

/** Where the referrer list came from: the referrers API, or the tag fallback when it has none. */
export type ReferrerSource = 'referrers' | 'tag';

/**
 * Lists the subject's referrers: `GET /v2/<repo>/referrers/<digest>` first; a 404 there means the
 * registry has no referrers API, and the `sha256-<hex>` tag index is read instead.
 */
export async function listReferrers(
  http: RegistryHttp,
  subject: SubjectImage,
): Promise<{ source: ReferrerSource; descriptors: Descriptor[] }> {
  const fromApi = await readReferrersApi(
    http,
    subject,
    `/v2/${subject.repository}/referrers/${subject.digest}`,
  );
  if (fromApi !== undefined) return { source: 'referrers', descriptors: fromApi };
  const tagged = await http.request(
    'GET',
    `/v2/${subject.repository}/manifests/${referrersTag(subject.digest)}`,
    OCI_INDEX,
  );
  if (tagged.status === 404) return { source: 'tag', descriptors: [] };
  return {
    source: 'tag',
    descriptors: parseIndex(await readLimited(tagged, MAX_MANIFEST_BYTES, subject), subject),
  };
}

/** The referrers API answer (following `Link: rel="next"` pages), or `undefined` when it is absent. */
export async function readReferrersApi(
  http: RegistryHttp,
  subject: SubjectImage,
  firstPath: string,
): Promise<Descriptor[] | undefined> {
  const descriptors: Descriptor[] = [];
  let next: string | undefined = firstPath;
  for (let page = 0; next !== undefined && page < MAX_REFERRER_PAGES; page += 1) {
    const response = await http.request('GET', next, OCI_INDEX);
    if (response.status === 404) return page === 0 ? undefined : descriptors;
    descriptors.push(
      ...parseIndex(await readLimited(response, MAX_MANIFEST_BYTES, subject), subject),
    );
    next = nextLink(response.headers.get('link'), subject);
  }
  return descriptors;
}

/**
 * Reads every Sigstore bundle referring to the subject, sorted by referrer digest.
 *
 * Index entries are attacker-controlled (anyone who can push to the repository can write the tag
 * index): each listed manifest is fetched by digest and checked, must name this image as its
 * `subject`, and its bundle blob is checked against its digest. The bundle's own signature is the
 * evidence; nothing here is trusted beyond "this is what the registry holds".
 */
export async function readBundles(
  http: RegistryHttp,
  subject: SubjectImage,
): Promise<StoredBundle[]> {
  await requireSubject(http, subject);
  const { descriptors } = await listReferrers(http, subject);
  const bundles: StoredBundle[] = [];
  for (const descriptor of descriptors.filter(isBundleDescriptor)) {
    const bundle = await readBundle(http, subject, descriptor.digest);
    if (bundle !== undefined) bundles.push(bundle);
  }
  return bundles.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
}

/** A missing image is an error, not an empty list: the caller named something that is not there. */
async function requireSubject(http: RegistryHttp, subject: SubjectImage): Promise<void> {
  const response = await http.request(
    'HEAD',
    `/v2/${subject.repository}/manifests/${subject.digest}`,
    ANY_MANIFEST,
  );
  if (response.status === 404)
    throw new OciError('OCI_NOT_FOUND', `image ${subject.reference} was not found in its registry`);
}

function isBundleDescriptor(descriptor: Descriptor): boolean {
  return descriptor.artifactType?.startsWith(BUNDLE_MEDIA_TYPE_PREFIX) === true;
}

/** One referrer manifest and its bundle layer; `undefined` when it does not refer to the subject. */
async function readBundle(
  http: RegistryHttp,
  subject: SubjectImage,
  digest: string,
): Promise<StoredBundle | undefined> {
  const manifestBytes = await readByDigest(
    http,
    subject,
    `/v2/${subject.repository}/manifests/${digest}`,
    digest,
    MAX_MANIFEST_BYTES,
    OCI_MANIFEST,
  );
  const manifest = parseJson(manifestBytes, subject, `manifest ${digest}`) as ReferrerManifest;
  // A tag index may list manifests of other images: only true referrers of this subject count.
  if (manifest.subject?.digest !== subject.digest) return undefined;
  const layer = manifest.layers?.find(
    (entry) => entry.mediaType?.startsWith(BUNDLE_MEDIA_TYPE_PREFIX) === true,
  );
  if (layer === undefined || typeof layer.digest !== 'string') return undefined;
  const blob = await readByDigest(
    http,
    subject,
    `/v2/${subject.repository}/blobs/${layer.digest}`,
    layer.digest,
    MAX_BUNDLE_BYTES,
  );
  const predicateType = manifest.annotations?.[PREDICATE_TYPE_ANNOTATION];
  return {
    digest,
    ...(typeof predicateType === 'string' ? { predicateType } : {}),
    bundleJson: Buffer.from(blob).toString('utf8'),
  };
}

interface ReferrerManifest {
  subject?: { digest?: unknown };
  layers?: { mediaType?: string; digest?: unknown }[];
  annotations?: Record<string, unknown>;
}

/** Content-addressed read: the bytes must hash to the digest they were asked for. */
async function readByDigest(
  http: RegistryHttp,
  subject: SubjectImage,
  path: string,
  digest: string,
  limit: number,
  accept?: string,
): Promise<Uint8Array> {
  const response = await http.request('GET', path, accept);
  if (response.status === 404) {
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} lists ${digest} as a referrer of ${subject.reference} but does not serve it`,
    );
  }
  const bytes = await readLimited(response, limit, subject);
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (actual !== digest) {
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} served ${actual} when asked for ${digest} (${subject.repository})`,
    );
  }
  return bytes;
}

async function readLimited(
  response: Response,
  limit: number,
  subject: SubjectImage,
): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body?.cancel();
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} sent ${declared} bytes for ${new URL(response.url || 'http://x/').pathname}, over the ${limit}-byte limit`,
    );
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit)
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} sent more than ${limit} bytes`,
    );
  return bytes;
}

function parseIndex(bytes: Uint8Array, subject: SubjectImage): Descriptor[] {
  const index = parseJson(bytes, subject, 'referrers index') as { manifests?: unknown };
  if (!Array.isArray(index.manifests))
    throw new OciError(
      'OCI_PROTOCOL',
      `referrers index of ${subject.reference} has no manifests list`,
    );
  return index.manifests.filter(
    (entry): entry is Descriptor => typeof (entry as Descriptor | null)?.digest === 'string',
  );
}

function parseJson(bytes: Uint8Array, subject: SubjectImage, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (err) {
    throw new OciError('OCI_PROTOCOL', `${what} from registry ${subject.registry} is not JSON`, {
      cause: foreignCause(err),
    });
  }
}

/**
 * The `rel="next"` target of a Link header as a path on the subject's registry. A link to another
 * host is refused: following it would send our credentials there.
 */
function nextLink(link: string | null, subject: SubjectImage): string | undefined {
  const target = link?.match(/<([^>]+)>\s*;\s*rel="?next"?/)?.[1];
  if (target === undefined) return undefined;
  const url = new URL(target, subject.baseUrl);
  if (url.origin !== new URL(subject.baseUrl).origin) {
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} links the next referrers page to another host (${url.host})`,
    );
  }
  return `${url.pathname}${url.search}`;
}

import { createHash } from 'node:crypto';
import {
  TrailmarkError,
  foreignCause,
  isSha256Digest,
  tryParseImageRef,
  type InputErrorCode,
} from '@trailmark/core';
import { OciError } from './error.js';
import { ANY_MANIFEST, OCI_INDEX } from './media-types.js';
import type { RegistryHttp } from './registry-http.js';
import type { SubjectImage } from './subject-image.js';

/** Docker's manifest list, the pre-OCI image index. */
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** An image manifest or index as the registry serves it. */
export interface ImageManifest {
  /** `sha256:<hex>` of the bytes served (checked against the digest asked for, if one was). */
  digest: string;
  mediaType: string;
  /** For an OCI index or Docker manifest list: its entries (platform manifests, attestations). */
  manifests?: {
    digest: string;
    mediaType?: string;
    platform?: { os?: string; architecture?: string; variant?: string };
  }[];
}

/** `registry/repository@sha256:…` or `registry/repository:tag`, split for the registry API. */
export function parseManifestLocation(
  image: string,
  insecure: boolean,
): SubjectImage & { manifestRef: string } {
  const ref = tryParseImageRef(image);
  const manifestRef = ref?.digest ?? ref?.tag;
  if (ref === undefined || manifestRef === undefined || !image.startsWith(`${ref.registry}/`)) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `image "${image}" is not registry/repository@sha256:<hex> or registry/repository:tag`,
    );
  }
  const host = new URL(`http://${ref.registry}`).hostname;
  const loopback = host === 'localhost' || host === '127.0.0.1';
  if (loopback && !insecure) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `registry ${ref.registry} of "${image}" would be reached over plain http; pass insecure: true to allow a loopback registry`,
    );
  }
  const apiHost = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
  return {
    reference: image,
    registry: ref.registry,
    repository: ref.repository,
    digest: ref.digest ?? '',
    baseUrl: `${loopback ? 'http' : 'https'}://${apiHost}`,
    manifestRef,
  };
}

/**
 * `GET /v2/<repo>/manifests/<digest|tag>`: the manifest or index, or undefined when the registry
 * does not have it. Asked by digest, the bytes must hash to that digest.
 */
export async function readManifest(
  http: RegistryHttp,
  location: SubjectImage & { manifestRef: string },
): Promise<ImageManifest | undefined> {
  const response = await http.request(
    'GET',
    `/v2/${location.repository}/manifests/${location.manifestRef}`,
    ANY_MANIFEST,
  );
  if (response.status === 404) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_MANIFEST_BYTES)
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${location.registry} sent a manifest over ${MAX_MANIFEST_BYTES} bytes for ${location.reference}`,
    );
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (isSha256Digest(location.manifestRef) && digest !== location.manifestRef) {
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${location.registry} served ${digest} when asked for ${location.reference}`,
    );
  }
  return toManifest(bytes, digest, response.headers.get('content-type'), location);
}

function toManifest(
  bytes: Uint8Array,
  digest: string,
  contentType: string | null,
  location: SubjectImage,
): ImageManifest {
  let body: { mediaType?: unknown; manifests?: unknown };
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof body;
  } catch (err) {
    throw new OciError('OCI_PROTOCOL', `manifest of ${location.reference} is not JSON`, {
      cause: foreignCause(err),
    });
  }
  const mediaType =
    typeof body.mediaType === 'string' ? body.mediaType : ((contentType ?? '').split(';')[0] ?? '');
  const isIndex = mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
  if (!isIndex) return { digest, mediaType };
  const entries = Array.isArray(body.manifests)
    ? (body.manifests as Record<string, unknown>[])
    : [];
  return {
    digest,
    mediaType,
    manifests: entries
      .filter((entry) => typeof entry.digest === 'string' && isSha256Digest(entry.digest))
      .map((entry) => ({
        digest: entry.digest as string,
        ...(typeof entry.mediaType === 'string' ? { mediaType: entry.mediaType } : {}),
        ...(typeof entry.platform === 'object' && entry.platform !== null
          ? {
              platform: entry.platform,
            }
          : {}),
      })),
  };
}

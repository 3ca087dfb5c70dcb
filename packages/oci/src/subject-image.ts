import {
  TrailmarkError,
  isSha256Digest,
  tryParseImageRef,
  type InputErrorCode,
} from '@trailmark/core';

/** The image a bundle is attached to: `registry/repository@sha256:…`, split for the registry API. */
export interface SubjectImage {
  /** The reference as the caller wrote it, for messages. */
  reference: string;
  /** Registry host with port, as written (`ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  repository: string;
  /** `sha256:<64 hex>` of the image manifest or index. */
  digest: string;
  /** `https://host` (or `http://` for an allowed loopback registry), the root of `/v2/`. */
  baseUrl: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Splits `registry/repository[:tag]@sha256:<hex>` into its parts. The registry must be written
 * out (no Docker Hub default) and the digest must be sha256.
 *
 * @sigstore/oci always speaks plain http to `localhost`/`127.0.0.1`, so such a registry is
 * accepted only with `insecure: true`; every other host is reached over https.
 */
export function parseSubjectImage(image: string, insecure: boolean): SubjectImage {
  const ref = tryParseImageRef(image);
  if (
    ref?.digest === undefined ||
    !isSha256Digest(ref.digest) ||
    !image.startsWith(`${ref.registry}/`)
  ) {
    throw inputError(`image "${image}" is not registry/repository@sha256:<64 hex>`);
  }
  const host = new URL(`http://${ref.registry}`).hostname;
  const loopback = LOOPBACK_HOSTS.has(host);
  if (loopback && !insecure) {
    throw inputError(
      `registry ${ref.registry} of "${image}" would be reached over plain http; pass insecure: true to allow a loopback registry`,
    );
  }
  const apiHost = ref.registry === 'docker.io' ? 'registry-1.docker.io' : ref.registry;
  return {
    reference: image,
    registry: ref.registry,
    repository: ref.repository,
    digest: ref.digest,
    baseUrl: `${loopback ? 'http' : 'https'}://${apiHost}`,
  };
}

/** The referrers tag schema: `sha256:<hex>` becomes the tag `sha256-<hex>`. */
export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

function inputError(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_INVALID', message);
}

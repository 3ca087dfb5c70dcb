// The running image digest of a container, from the kubelet's `imageID`.

const DIGEST = /(?:^|@)(sha256:[0-9a-f]{64})$/;

/**
 * The `sha256:<hex>` digest an `imageID` names: `docker-pullable://repo@sha256:…`,
 * `docker://sha256:…`, `repo@sha256:…` or a bare `sha256:…` (upper-case hex is lower-cased).
 * Undefined when the value is empty (a container not started yet) or names no sha256 digest.
 */
export function digestOfImageId(imageId: string | undefined): string | undefined {
  if (imageId === undefined || imageId === '') return undefined;
  const stripped = imageId.replace(/^[a-z-]+:\/\//, '').toLowerCase();
  return DIGEST.exec(stripped)?.[1];
}

/** The digest an image reference pins (`repo:tag@sha256:…`), if any. */
export function digestOfImageRef(image: string): string | undefined {
  const at = image.lastIndexOf('@');
  return at < 0 ? undefined : digestOfImageId(image.slice(at + 1));
}

/** `sha256:<hex>` for a digest given as `sha256:<hex>` or bare hex; undefined otherwise. */
export function normalizeDigest(digest: string): string | undefined {
  const lower = digest.toLowerCase();
  if (/^[0-9a-f]{64}$/.test(lower)) return `sha256:${lower}`;
  return /^sha256:[0-9a-f]{64}$/.test(lower) ? lower : undefined;
}

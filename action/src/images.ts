/** An image built by the workflow: a reference (with or without a tag) and its digest. */
export interface ImageInput {
  /** e.g. `ghcr.io/acme/shop` or `ghcr.io/acme/shop:1.4.2`. */
  ref: string;
  /** `sha256:<64 hex>`. */
  digest: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const REF = /^[a-z0-9][a-z0-9._\-/:]*$/i;

/**
 * Parses the `images` input: one `REF@sha256:<hex>` per line (blank lines and `#` comments
 * skipped), or the `metadata` JSON output of docker/build-push-action (`image.name`, a
 * comma-separated list of tagged names, and `containerimage.digest`). Returns the images or the
 * problems, each naming the offending line.
 */
export function parseImages(text: string): { images: ImageInput[]; problems: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseBuildMetadata(trimmed);
  const images: ImageInput[] = [];
  const problems: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const image = parseImageLine(line);
    if (image) images.push(image);
    else
      problems.push(
        `images line ${index + 1} "${line}": expected REF@sha256:<64 lowercase hex> (e.g. ghcr.io/acme/shop@\${{ steps.build.outputs.digest }})`,
      );
  }
  return { images, problems };
}

function parseImageLine(line: string): ImageInput | undefined {
  const at = line.lastIndexOf('@');
  const ref = line.slice(0, at);
  const digest = line.slice(at + 1);
  return at > 0 && REF.test(ref) && DIGEST.test(digest) ? { ref, digest } : undefined;
}

// docker/build-push-action's `metadata` output, e.g.
// {"containerimage.digest":"sha256:…","image.name":"ghcr.io/acme/shop:1.4.2,ghcr.io/acme/shop:latest"}
function parseBuildMetadata(text: string): { images: ImageInput[]; problems: string[] } {
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch {
    return {
      images: [],
      problems: [
        'images: starts with "{" but is not JSON (expected the metadata output of docker/build-push-action)',
      ],
    };
  }
  const fields = metadata as Record<string, unknown>;
  const digest = fields['containerimage.digest'];
  const names = fields['image.name'];
  if (
    typeof digest !== 'string' ||
    !DIGEST.test(digest) ||
    typeof names !== 'string' ||
    names.trim() === ''
  ) {
    return {
      images: [],
      problems: [
        'images: build metadata needs "containerimage.digest" (sha256:<hex>) and "image.name" (did the build push the image?)',
      ],
    };
  }
  const refs = [
    ...new Set(
      names
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
    ),
  ];
  const bad = refs.filter((ref) => !REF.test(ref));
  if (bad.length > 0)
    return {
      images: [],
      problems: bad.map(
        (ref) => `images: build metadata image.name "${ref}" is not an image reference`,
      ),
    };
  return { images: refs.map((ref) => ({ ref, digest })), problems: [] };
}

/** `NAME@DIGEST`, the attest subject form (the tag is dropped: the digest names the artifact). */
export function toSubject(image: ImageInput): string {
  const slash = image.ref.lastIndexOf('/');
  const colon = image.ref.lastIndexOf(':');
  return `${colon > slash ? image.ref.slice(0, colon) : image.ref}@${image.digest}`;
}

/** `REF@DIGEST`, the stamp and sbom pin form (a tagged ref pins only that tag). */
export function toPin(image: ImageInput): string {
  return `${image.ref}@${image.digest}`;
}

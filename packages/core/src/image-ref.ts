import { TrailmarkError, type CoreErrorCode } from './error.js';

/** A parsed container image reference. */
export interface ImageRef {
  /** Registry host (with port), `docker.io` when the reference names none. */
  registry: string;
  /** Repository path within the registry, `library/` added for Docker Hub official images. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** The reference exactly as written. */
  original: string;
}

const REFERENCE =
  /^(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}))?$/;

/**
 * Parses `[registry[:port]/]repository[:tag][@digest]` following the distribution reference
 * grammar. Throws `CORE_INVALID_IMAGE_REF` for anything else.
 */
export function parseImageRef(reference: string): ImageRef {
  const { registry, rest } = splitRegistry(reference.trim());
  const match = REFERENCE.exec(rest);
  if (!match?.groups) {
    throw new TrailmarkError<CoreErrorCode>(
      'CORE_INVALID_IMAGE_REF',
      `invalid image reference "${reference}"`,
    );
  }
  const name = match.groups.name ?? '';
  const repository = registry === 'docker.io' && !name.includes('/') ? `library/${name}` : name;
  return {
    registry,
    repository,
    tag: match.groups.tag,
    digest: match.groups.digest,
    original: reference,
  };
}

/** Returns the reference parsed, or `undefined` when it is not a valid reference. */
export function tryParseImageRef(reference: string): ImageRef | undefined {
  try {
    return parseImageRef(reference);
  } catch {
    return undefined;
  }
}

function splitRegistry(reference: string): { registry: string; rest: string } {
  const slash = reference.indexOf('/');
  if (slash === -1) return { registry: 'docker.io', rest: reference };
  const first = reference.slice(0, slash);
  const isHost =
    first.includes('.') ||
    first.includes(':') ||
    first === 'localhost' ||
    first !== first.toLowerCase();
  if (!isHost) return { registry: 'docker.io', rest: reference };
  return {
    registry: first === 'index.docker.io' ? 'docker.io' : first,
    rest: reference.slice(slash + 1),
  };
}

/** `registry/repository`, the name an image is known by regardless of tag or digest. */
export function imageName(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}`;
}

/** True when two references name the same repository (ignoring tag and digest). */
export function sameRepository(a: ImageRef, b: ImageRef): boolean {
  return imageName(a) === imageName(b);
}

/**
 * The reference as written, with `@digest` set (replacing any digest already there); the tag is
 * kept so humans still see which release it was.
 */
export function withDigest(ref: ImageRef, digest: string): string {
  const at = ref.original.indexOf('@');
  const base = at === -1 ? ref.original : ref.original.slice(0, at);
  return `${base}@${digest}`;
}

/**
 * True when a `--image REF=DIGEST` pin applies to an image as written: the same reference, or
 * the same repository with the pin's tag (any tag when the pin names none).
 */
export function pinApplies(pinRef: string, image: string): boolean {
  if (pinRef === image) return true;
  const want = tryParseImageRef(pinRef);
  const have = tryParseImageRef(image);
  return (
    !!want &&
    !!have &&
    sameRepository(want, have) &&
    (want.tag === undefined || want.tag === have.tag)
  );
}

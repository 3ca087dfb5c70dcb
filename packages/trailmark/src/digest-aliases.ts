import { isSha256Digest, tryParseImageRef } from '@trailmark/core';
import {
  OciError,
  createRegistryAttestationStore,
  type RegistryAttestationStoreOptions,
  type RegistryCredentials,
} from '@trailmark/oci';
import type { ImageDigest } from './collect-bundles.js';
import { mapLimited } from './map-limited.js';

/** Options of {@link digestAliases}. */
export interface DigestAliasesOptions extends Omit<RegistryAttestationStoreOptions, 'credentials'> {
  images: readonly ImageDigest[];
  /** Credentials per registry host; a registry is never sent another's. */
  credentials?: Readonly<Record<string, RegistryCredentials>>;
  /** Requests in flight (default 8). */
  concurrency?: number;
}

/** Digests that name the same image, and what could not be asked. */
export interface DigestAliases {
  /**
   * Platform manifest digest → the index digests that list it. Safe to use as "attested": an
   * attested index is content-addressed, so it binds every platform manifest it lists.
   */
  indexesOf: Map<string, string[]>;
  /**
   * Index digest → the digests it lists (platform images, and buildx attestation manifests). NOT
   * safe on its own: a container pinned to an index runs ONE of them (its node's platform), so an
   * attestation on one platform says nothing about the others; count an index as attested through
   * this map only when every listed image is.
   */
  platformsOf: Map<string, string[]>;
  /** One line per registry or image that could not be read (no aliases from it). */
  warnings: string[];
}

/**
 * For each image, reads the manifest at its reference (the digest it names, or its tag) and at
 * its running digest; every OCI index or Docker manifest list found maps each platform manifest
 * to the index (a container running `linux/amd64`'s digest matches an attestation on the index)
 * and the index to its platform manifests (see {@link DigestAliases.platformsOf} for the rule).
 *
 * A registry that cannot be reached or read gives no aliases and a warning, never a failure: the
 * running digest alone is still checked.
 */
export async function digestAliases(options: DigestAliasesOptions): Promise<DigestAliases> {
  const { credentials, ...transport } = options;
  const storeFor = (location: string) => {
    const mine = credentials?.[location.slice(0, location.indexOf('/'))];
    return createRegistryAttestationStore({
      ...transport,
      retries: options.retries ?? 1,
      ...(mine === undefined ? {} : { credentials: mine }),
    });
  };
  const warnings: string[] = [];
  const locations = manifestLocations(options.images);
  const manifests = await mapLimited(locations, options.concurrency ?? 8, async (location) => {
    try {
      return await storeFor(location).getManifest(location);
    } catch (err) {
      if (!(err instanceof OciError) && !isInputError(err)) throw err;
      warnings.push(
        `${location}: ${(err as Error).message}; its index/platform digests are not known`,
      );
      return undefined;
    }
  });
  const indexesOf = new Map<string, Set<string>>();
  const platformsOf = new Map<string, Set<string>>();
  for (const manifest of manifests) {
    if (manifest?.manifests === undefined) continue;
    for (const entry of manifest.manifests) {
      add(indexesOf, entry.digest, manifest.digest);
      add(platformsOf, manifest.digest, entry.digest);
    }
  }
  return { indexesOf: sorted(indexesOf), platformsOf: sorted(platformsOf), warnings };
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  map.set(key, (map.get(key) ?? new Set()).add(value));
}

function sorted(map: Map<string, Set<string>>): Map<string, string[]> {
  return new Map(
    [...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, set]) => [k, [...set].sort()]),
  );
}

// `registry/repo@digest` for the running digest and the reference's own digest, or `:tag`.
function manifestLocations(images: readonly ImageDigest[]): string[] {
  const locations = new Set<string>();
  for (const image of images) {
    const ref = tryParseImageRef(image.ref);
    if (ref === undefined) continue;
    const name = `${ref.registry}/${ref.repository}`;
    if (isSha256Digest(image.digest)) locations.add(`${name}@${image.digest}`);
    if (ref.digest !== undefined) locations.add(`${name}@${ref.digest}`);
    else if (ref.tag !== undefined) locations.add(`${name}:${ref.tag}`);
  }
  return [...locations].sort();
}

function isInputError(err: unknown): boolean {
  return (
    typeof (err as { code?: unknown } | null)?.code === 'string' &&
    (err as { code: string }).code.startsWith('INPUT_')
  );
}

/**
 * The one-alias-per-digest map `evaluate` takes (`digestAliases`), built only from the SAFE
 * direction: platform manifest → the index that lists it (first by digest when several do). Index
 * → platform is left out on purpose: a container pinned to an index runs only its node's platform,
 * so an attestation on one platform must not count for the index.
 */
export function toEvaluateAliases(aliases: Pick<DigestAliases, 'indexesOf'>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [platform, indexes] of aliases.indexesOf) {
    const first = indexes[0];
    if (first !== undefined) map.set(platform, first);
  }
  return map;
}

import { pushBundle, type PushedBundle } from './push-bundle.js';
import { readBundles, type StoredBundle } from './read-bundles.js';
import { parseManifestLocation, readManifest, type ImageManifest } from './read-manifest.js';
import { createRegistryHttp, type RegistryCredentials } from './registry-http.js';
import { parseSubjectImage } from './subject-image.js';

/** Options of {@link createRegistryAttestationStore}: transport and credentials, nothing from env. */
export interface RegistryAttestationStoreOptions {
  /** Registry username and password; sent only to a registry that challenges for them. */
  credentials?: RegistryCredentials;
  /** Allow plain http to a `localhost`/`127.0.0.1` registry (other hosts always use https). */
  insecure?: boolean;
  /**
   * fetch for the read side (listing, manifests, blobs, the checks around a push). The push itself
   * goes through @sigstore/oci's own HTTP client (make-fetch-happen), which cannot be replaced.
   */
  fetch?: typeof fetch;
  /** Extra attempts after a connection error, 408, 429 or 5xx (default 3). */
  retries?: number;
  /** Wait before the first retry, doubled each time (default 500 ms). */
  retryDelayMs?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
}

/** Sigstore bundles stored next to images in an OCI registry. */
export interface RegistryAttestationStore {
  /**
   * Attaches a bundle to `image` (`registry/repository@sha256:<hex>`) as an OCI referrer with
   * artifactType `application/vnd.dev.sigstore.bundle.v0.3+json`, through the referrers API or,
   * when the registry has none, the `sha256-<hex>` tag index.
   */
  pushBundle(image: string, bundleJson: string, predicateType: string): Promise<PushedBundle>;
  /** Every Sigstore bundle attached to `image`, sorted by referrer digest. */
  listBundles(image: string): Promise<StoredBundle[]>;
  /**
   * The manifest or index at `registry/repository@sha256:<hex>` or `registry/repository:tag`
   * (an index lists its platform manifests); undefined when the registry does not have it.
   */
  getManifest(image: string): Promise<ImageManifest | undefined>;
}

/** Creates a {@link RegistryAttestationStore}. Throws `OciError` (or `INPUT_INVALID` for a bad image). */
export function createRegistryAttestationStore(
  options: RegistryAttestationStoreOptions = {},
): RegistryAttestationStore {
  const settings = {
    fetch: options.fetch ?? globalThis.fetch,
    credentials: options.credentials,
    retries: options.retries ?? 3,
    retryDelayMs: options.retryDelayMs ?? 500,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
  const insecure = options.insecure === true;
  return {
    async pushBundle(image, bundleJson, predicateType) {
      const subject = parseSubjectImage(image, insecure);
      return pushBundle(subject, bundleJson, predicateType, {
        ...settings,
        http: createRegistryHttp(subject, settings),
      });
    },
    async listBundles(image) {
      const subject = parseSubjectImage(image, insecure);
      return readBundles(createRegistryHttp(subject, settings), subject);
    },
    async getManifest(image) {
      const location = parseManifestLocation(image, insecure);
      return readManifest(createRegistryHttp(location, settings), location);
    },
  };
}

import { tryParseImageRef } from '@trailmark/core';
import type { GithubClientOptions } from '@trailmark/github';
import {
  OciError,
  createRegistryAttestationStore,
  type RegistryAttestationStoreOptions,
  type RegistryCredentials,
} from '@trailmark/oci';
import type { CandidateBundle } from '@trailmark/verify';
import { readBundleDirs } from './bundle-dirs.js';
import { githubBundles } from './github-bundles.js';
import { mapLimited } from './map-limited.js';

/** A running image: its reference as written and its digest (`sha256:<hex>`). */
export interface ImageDigest {
  ref: string;
  digest: string;
}

/** Options of {@link collectBundles}. */
export interface CollectBundlesOptions {
  cwd: string;
  /** `--bundles DIR`, repeatable. */
  bundleDirs: readonly string[];
  /** The images whose registries and GitHub attestations are asked. */
  images: readonly ImageDigest[];
  /**
   * Each image's OCI registry (referrers API, then the `sha256-<hex>` tag fallback). Credentials
   * are per registry host (`ghcr.io`, `127.0.0.1:5000`): a registry is never sent another's.
   */
  oci?: { enabled: boolean; credentials?: Readonly<Record<string, RegistryCredentials>> } & Omit<
    RegistryAttestationStoreOptions,
    'credentials'
  >;
  /** The GitHub attestations API of each repository (`owner/repo`). */
  github?: Pick<GithubClientOptions, 'token' | 'fetch' | 'retries' | 'sleep' | 'log'> & {
    apiUrl: string;
    repositories: readonly string[];
  };
  /** Requests in flight per source (default 8). */
  concurrency?: number;
}

/** The candidate bundles, and what was asked of each network source. */
export interface CollectedBundles {
  bundles: CandidateBundle[];
  /** One line each: an image not in its registry, an attestation GitHub sent without a bundle. */
  warnings: string[];
  /** Requests made: one per distinct image (`registry/repo@digest`) and per repository × digest. */
  fetched: { oci: string[]; github: string[] };
}

/**
 * Finds every candidate bundle: the bundle directories, each distinct image's registry, and the
 * GitHub attestations API of each repository for each distinct digest — each asked ONCE, with
 * bounded concurrency. A 404 means "none". Nothing is verified here ({@link verifyAttestations}
 * does, once per distinct bundle).
 *
 * @throws TrailmarkError `INPUT_*` for an unreadable directory; `OCI_UNREACHABLE`/`OCI_AUTH`/
 *   `OCI_PROTOCOL` and `GITHUB_*` when a service cannot be reached or authenticated (exit 3).
 */
export async function collectBundles(options: CollectBundlesOptions): Promise<CollectedBundles> {
  const limit = options.concurrency ?? 8;
  const warnings: string[] = [];
  // 1. Bundle directories.
  const bundles = await readBundleDirs(options.cwd, options.bundleDirs);
  // 2. Each distinct image in its registry.
  const images = distinctImages(options.images, warnings);
  const oci = options.oci?.enabled === true ? images : [];
  const fromOci = await mapLimited(oci, limit, (image) =>
    registryBundles(image, options.oci ?? { enabled: true }, warnings),
  );
  // 3. Each repository × distinct digest in the GitHub attestations API.
  const digests = [...new Set(options.images.map((image) => image.digest))].sort();
  const asks = (options.github?.repositories ?? []).flatMap((repository) =>
    digests.map((digest) => ({ repository, digest })),
  );
  const fromGithub =
    options.github === undefined ? [] : await githubBundles(asks, options.github, limit, warnings);
  return {
    bundles: [...bundles, ...fromOci.flat(), ...fromGithub],
    warnings,
    fetched: {
      oci,
      github: asks.map((ask) => `${ask.repository}@${ask.digest}`),
    },
  };
}

// `registry/repository@digest` once per pair, sorted; unparsable references are warned about.
function distinctImages(images: readonly ImageDigest[], warnings: string[]): string[] {
  const names = new Set<string>();
  for (const image of images) {
    const ref = tryParseImageRef(image.ref);
    if (ref === undefined) {
      warnings.push(
        `image reference "${image.ref}" cannot be parsed; its registry is not asked for bundles`,
      );
      continue;
    }
    names.add(`${ref.registry}/${ref.repository}@${image.digest}`);
  }
  return [...names].sort();
}

async function registryBundles(
  image: string,
  options: NonNullable<CollectBundlesOptions['oci']>,
  warnings: string[],
): Promise<CandidateBundle[]> {
  const registry = image.slice(0, image.indexOf('/'));
  const { credentials, ...transport } = options;
  const mine = credentials?.[registry];
  const store = createRegistryAttestationStore({
    ...transport,
    ...(mine === undefined ? {} : { credentials: mine }),
  });
  try {
    const stored = await store.listBundles(image);
    const name = image.slice(0, image.lastIndexOf('@'));
    return stored.map((bundle) => ({
      bytes: Buffer.from(bundle.bundleJson, 'utf8'),
      source: { kind: 'oci' as const, location: `${name}@${bundle.digest}` },
    }));
  } catch (err) {
    if (!(err instanceof OciError) || err.code !== 'OCI_NOT_FOUND') throw err;
    warnings.push(`${image} is not in its registry; no bundles read from there`);
    return [];
  }
}

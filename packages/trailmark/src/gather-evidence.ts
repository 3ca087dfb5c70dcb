import { isTrailmarkError, type AttestationEvidence } from '@trailmark/core';
import { verifyAttestations, type TrustedIdentity } from '@trailmark/verify';
import { collectBundles, type CollectBundlesOptions, type ImageDigest } from './collect-bundles.js';
import { digestAliases, toEvaluateAliases, type DigestAliases } from './digest-aliases.js';
import { readKeyIdentities } from './key-identities.js';
import { createPredicateValidator } from './predicate-validator.js';
import {
  resolveTrustRoots,
  type ResolvedTrustRoots,
  type ResolveTrustRootsOptions,
} from './trust-roots.js';

/** Options of {@link gatherEvidence}: the sources, the trust and the policy's signer rules. */
export interface GatherEvidenceOptions extends CollectBundlesOptions {
  trust: Omit<ResolveTrustRootsOptions, 'cwd'> & {
    /** TUF unreachable: fall back to the bundled roots with a warning (default mirror only). */
    fallbackToBundled?: boolean;
  };
  /** The policy's trusted identities. */
  identities: readonly TrustedIdentity[];
  /** `--key FILE` public keys, added as key identities. */
  keyFiles?: readonly string[];
  builders?: readonly string[];
  repositories?: readonly string[];
  /** Read index/platform aliases from the registries (needs `oci.enabled`; default true then). */
  aliases?: boolean;
}

/** Every attestation found, verified once, and what the run should say about its sources. */
export interface GatheredEvidence {
  evidence: AttestationEvidence[];
  aliases: Pick<DigestAliases, 'indexesOf' | 'platformsOf'>;
  /** What `evaluate` takes as `digestAliases`: platform → index only ({@link toEvaluateAliases}). */
  evaluateAliases: Map<string, string>;
  /** Where each trusted root came from (`tuf <url>`, `bundled <file>`, `file <path>`). */
  trustOrigins: string[];
  warnings: string[];
}

/**
 * The evidence side of `verify` in one call: trust roots, `--key` identities, the index/platform
 * digest aliases, candidate bundles from every source for the running digests AND their aliases
 * (each digest asked once), and each bundle verified once with the predicate schemas.
 *
 * @throws what {@link resolveTrustRoots}, {@link readKeyIdentities} and {@link collectBundles}
 *   throw (input errors exit 2, unreachable services exit 3); a bad bundle never throws.
 */
export async function gatherEvidence(options: GatherEvidenceOptions): Promise<GatheredEvidence> {
  const keys = await readKeyIdentities(options.cwd, options.keyFiles ?? []);
  // Aliases first: a bundle attached to the index is found only if the index is asked for too.
  const oci = options.oci;
  const aliases =
    oci?.enabled === true && options.aliases !== false
      ? await digestAliases({ ...oci, images: options.images })
      : {
          indexesOf: new Map<string, string[]>(),
          platformsOf: new Map<string, string[]>(),
          warnings: [],
        };
  const found = await collectBundles({ ...options, images: withAliases(options.images, aliases) });
  // Roots only when a bundle carries a certificate: key-signed evidence needs none (air-gapped).
  const trust = found.bundles.some(isKeyless)
    ? await trustRootsOrBundled({ ...options.trust, cwd: options.cwd }, found.warnings)
    : { roots: [], origins: [] };
  const evidence = verifyAttestations({
    bundles: found.bundles,
    trustedRoots: trust.roots,
    identities: [...options.identities, ...keys],
    ...(options.builders === undefined ? {} : { builders: options.builders }),
    ...(options.repositories === undefined ? {} : { repositories: options.repositories }),
    validatePredicate: createPredicateValidator(),
  });
  return {
    evidence,
    aliases: { indexesOf: aliases.indexesOf, platformsOf: aliases.platformsOf },
    evaluateAliases: toEvaluateAliases(aliases),
    trustOrigins: trust.origins,
    warnings: [...found.warnings, ...aliases.warnings],
  };
}

// A bundle whose verification material is a certificate (keyless) rather than a bare key.
function isKeyless(bundle: { bytes: Uint8Array }): boolean {
  const text = Buffer.from(bundle.bytes).toString('utf8');
  return text.includes('"certificate"') || text.includes('"x509CertificateChain"');
}

/**
 * The roots from TUF; when TUF cannot answer and `fallbackToBundled` is set (the default
 * public-good mirror, not a mirror the user named), the bundled snapshots with a warning.
 */
async function trustRootsOrBundled(
  options: ResolveTrustRootsOptions & { fallbackToBundled?: boolean },
  warnings: string[],
): Promise<ResolvedTrustRoots> {
  try {
    return await resolveTrustRoots(options);
  } catch (err) {
    if (options.fallbackToBundled !== true || !isTrailmarkError(err)) throw err;
    if (err.code !== 'TRUST_UNAVAILABLE') throw err;
    warnings.push(`${err.message}; using the trusted roots bundled with trailmark instead`);
    return resolveTrustRoots({
      cwd: options.cwd,
      ...(options.instances === undefined ? {} : { instances: options.instances }),
    });
  }
}

// The images as given, plus each one's index and platform digests under the same reference.
function withAliases(
  images: readonly ImageDigest[],
  aliases: Pick<DigestAliases, 'indexesOf' | 'platformsOf'>,
): ImageDigest[] {
  return images.flatMap((image) => [
    image,
    ...[
      ...(aliases.indexesOf.get(image.digest) ?? []),
      ...(aliases.platformsOf.get(image.digest) ?? []),
    ].map((digest) => ({ ref: image.ref, digest })),
  ]);
}

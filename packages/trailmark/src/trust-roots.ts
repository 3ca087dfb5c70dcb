import { resolve } from 'node:path';
import { getTrustedRoot, TUFError } from '@sigstore/tuf';
import { TrailmarkError, foreignCause } from '@trailmark/core';
import { parseTrustedRoot, type TrustedRoot } from '@trailmark/verify';
import { assetPath } from './assets.js';
import { readText } from './read-file.js';
import { SIGSTORE_INSTANCES, type SigstoreInstanceName } from './sigstore-instance.js';

/** Error codes owned by trust-root resolution: the TUF repository could not give a root (exit 3). */
export type TrustErrorCode = 'TRUST_UNAVAILABLE';

/** A TUF repository to fetch `trusted_root.json` from (`@sigstore/tuf`). */
export interface TufSource {
  /** Mirror root, e.g. `https://tuf-repo-cdn.sigstore.dev` (public-good). */
  mirrorUrl: string;
  /** Cache directory; each mirror gets its own subdirectory. */
  cachePath: string;
  /**
   * The initial `root.json` to trust (first use only). Needed for a private mirror; for
   * public-good @sigstore/tuf 4.x's embedded seed has expired (docs/verify.md).
   */
  rootPath?: string;
  /** Use the cached metadata without asking the mirror (offline; no refresh). */
  offline?: boolean;
}

/** Options of {@link resolveTrustRoots}. */
export interface ResolveTrustRootsOptions {
  cwd: string;
  /** `--trusted-root FILE` (air-gapped): this root only, nothing fetched. */
  trustedRootFile?: string;
  /** public-good's TUF repository; without it the bundled public-good snapshot is used. */
  tuf?: TufSource;
  /** GitHub's instance TUF repository; without it the bundled GitHub root is used. */
  githubTuf?: TufSource;
  /** Which instances to trust (default both). */
  instances?: readonly SigstoreInstanceName[];
}

/** The roots, and where each came from (for the report and `--verbose`). */
export interface ResolvedTrustRoots {
  roots: TrustedRoot[];
  /** One line per root: `file x`, `tuf https://…`, `bundled public-good.trusted_root.json`. */
  origins: string[];
}

/**
 * The trusted roots keyless bundles are checked against: `--trusted-root FILE` alone when given;
 * else each instance's root — from its TUF repository (verified, cached and refreshed by
 * `@sigstore/tuf`) when one is configured, otherwise the snapshot bundled in `trust/`. Files are
 * parsed strictly (`parseTrustedRoot`); `verifyAttestations` applies the same checks to TUF roots.
 *
 * @throws TrailmarkError `TRUST_UNAVAILABLE` when a TUF repository cannot be reached or does not
 *   verify; `INPUT_*` for an unreadable root file; `VERIFY_INVALID_TRUSTED_ROOT` for a bad root.
 */
export async function resolveTrustRoots(
  options: ResolveTrustRootsOptions,
): Promise<ResolvedTrustRoots> {
  if (options.trustedRootFile !== undefined) {
    const text = await readText(resolve(options.cwd, options.trustedRootFile), {
      path: options.trustedRootFile,
      expected: 'a Sigstore trusted_root.json (--trusted-root)',
    });
    return { roots: [parseTrustedRoot(text)], origins: [`file ${options.trustedRootFile}`] };
  }
  const resolved: ResolvedTrustRoots = { roots: [], origins: [] };
  for (const name of options.instances ?? (['public-good', 'github'] as const)) {
    const tuf = name === 'github' ? options.githubTuf : options.tuf;
    if (tuf === undefined) {
      const file = SIGSTORE_INSTANCES[name].trustedRoot;
      const path = assetPath('trust', file);
      resolved.roots.push(
        parseTrustedRoot(await readText(path, { path, expected: 'a bundled trusted root' })),
      );
      resolved.origins.push(`bundled ${file}`);
    } else {
      resolved.roots.push(await fetchTufRoot(tuf, name));
      resolved.origins.push(`tuf ${tuf.mirrorUrl}`);
    }
  }
  return resolved;
}

// `trusted_root.json` through @sigstore/tuf: the metadata chain is verified before it is used.
async function fetchTufRoot(tuf: TufSource, name: SigstoreInstanceName): Promise<TrustedRoot> {
  try {
    // verifyAttestations re-checks it strictly: TUF says who published it, not that it is usable.
    return await getTrustedRoot({
      mirrorURL: tuf.mirrorUrl,
      cachePath: tuf.cachePath,
      ...(tuf.rootPath === undefined ? {} : { rootPath: tuf.rootPath }),
      forceCache: tuf.offline === true,
      retry: { retries: 2 },
      timeout: 10_000,
    });
  } catch (err) {
    const code = err instanceof TUFError ? ` (${err.code})` : '';
    throw new TrailmarkError<TrustErrorCode>(
      'TRUST_UNAVAILABLE',
      `the ${name} trusted root could not be obtained from the TUF repository ${tuf.mirrorUrl}${code}`,
      { cause: foreignCause(err) },
    );
  }
}

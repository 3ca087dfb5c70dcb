import { createGithubClient } from '@trailmark/github';
import type { CandidateBundle } from '@trailmark/verify';
import type { CollectBundlesOptions } from './collect-bundles.js';
import { mapLimited } from './map-limited.js';

/**
 * Each repository × digest from the GitHub attestations API (with bounded concurrency): inline
 * bundles, or since mid-2026 the pre-signed `bundle_url` blob fetched without the token.
 */
export async function githubBundles(
  asks: readonly { repository: string; digest: string }[],
  github: NonNullable<CollectBundlesOptions['github']>,
  limit: number,
  warnings: string[],
): Promise<CandidateBundle[]> {
  const { apiUrl } = github;
  const client = createGithubClient({
    token: github.token,
    baseUrl: apiUrl,
    ...(github.fetch === undefined ? {} : { fetch: github.fetch }),
    ...(github.retries === undefined ? {} : { retries: github.retries }),
    ...(github.sleep === undefined ? {} : { sleep: github.sleep }),
    ...(github.log === undefined ? {} : { log: github.log }),
  });
  const lists = await mapLimited(asks, limit, async ({ repository, digest }) => {
    const [owner = '', repo = ''] = repository.split('/');
    const location = `${apiUrl.replace(/\/+$/, '')}/repos/${owner}/${repo}/attestations/${digest}`;
    const stored = await client.listAttestations(owner, repo, digest);
    const found: CandidateBundle[] = [];
    for (const attestation of stored) {
      // Since mid-2026 GitHub lists `bundle: null` and a pre-signed, compressed `bundle_url`.
      const json =
        attestation.bundleJson ??
        (attestation.bundleUrl === undefined
          ? undefined
          : await client.fetchAttestationBundle(attestation.bundleUrl));
      if (json === undefined) {
        warnings.push(
          `an attestation of ${digest} in ${repository} has neither a bundle nor a bundle_url`,
        );
        continue;
      }
      found.push({ bytes: Buffer.from(json, 'utf8'), source: { kind: 'github', location } });
    }
    return found;
  });
  return lists.flat();
}

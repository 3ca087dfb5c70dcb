import { foreignCause } from '@trailmark/core';
import { uncompress } from 'snappyjs';
import { GithubError } from './error.js';

/** Largest bundle accepted from a `bundle_url`, compressed or not. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/**
 * Fetches an attestation's `bundle_url`: since mid-2026 GitHub lists attestations with `bundle:
 * null` and a pre-signed blob-storage URL serving the bundle Snappy-compressed
 * (`application/x-snappy`, block format), as the gh CLI reads it. Sent WITHOUT the token (the URL
 * is pre-signed and on another host). https only, unless the API itself is plain http (tests).
 * Answers the bundle JSON text; what it says is verified by the caller like any other bundle.
 */
export async function fetchBundleUrl(
  url: string,
  apiBaseUrl: string,
  fetchImpl: typeof fetch,
): Promise<string> {
  const target = new URL(url);
  const allowHttp = new URL(apiBaseUrl).protocol === 'http:';
  if (target.protocol !== 'https:' && !(allowHttp && target.protocol === 'http:'))
    throw protocol(`GitHub named a bundle_url that is not https (${target.protocol})`);
  let response: Response;
  try {
    response = await fetchImpl(target, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new GithubError(
      'GITHUB_UNREACHABLE',
      `the attestation bundle at ${target.host} could not be fetched`,
      {
        cause: foreignCause(err),
      },
    );
  }
  if (!response.ok)
    throw protocol(
      `the attestation bundle at ${target.host} answered HTTP ${String(response.status)}`,
    );
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw protocol(
      `the attestation bundle at ${target.host} is over ${String(MAX_BUNDLE_BYTES)} bytes`,
    );
  return decode(bytes, response.headers.get('content-type') ?? '', target.host);
}

// Snappy block (what GitHub serves), else plain JSON if the blob was stored uncompressed.
function decode(bytes: Uint8Array, contentType: string, host: string): string {
  if (bytes[0] === 0x7b /* { */ && !contentType.includes('snappy'))
    return Buffer.from(bytes).toString('utf8');
  try {
    return Buffer.from(uncompress(bytes, MAX_BUNDLE_BYTES)).toString('utf8');
  } catch (err) {
    throw new GithubError(
      'GITHUB_PROTOCOL',
      `the attestation bundle at ${host} is neither Snappy-compressed nor JSON`,
      {
        cause: foreignCause(err),
      },
    );
  }
}

function protocol(message: string): GithubError {
  return new GithubError('GITHUB_PROTOCOL', message);
}

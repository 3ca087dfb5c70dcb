import { foreignCause } from '@trailmark/core';
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  ValidationError,
  bundleFromJSON,
  type Bundle,
} from '@sigstore/bundle';
import { VerifyError } from './error.js';
import { toJsonObject } from './json-input.js';

/** The bundle media types we accept, with the version each one names. */
const BUNDLE_VERSIONS: ReadonlyMap<string, string> = new Map([
  [BUNDLE_V01_MEDIA_TYPE, '0.1'],
  [BUNDLE_V02_MEDIA_TYPE, '0.2'],
  [BUNDLE_V03_LEGACY_MEDIA_TYPE, '0.3'],
  [BUNDLE_V03_MEDIA_TYPE, '0.3'],
]);

/** sigstore-python's cap on RFC 3161 timestamps per bundle; more is refused as abuse. */
export const MAX_RFC3161_TIMESTAMPS = 32;

/**
 * Parses a Sigstore bundle (v0.1, v0.2 or v0.3 JSON, as a value or as text) with
 * `@sigstore/bundle`'s `bundleFromJSON`, then applies the shape rules of {@link checkBundleShape}.
 *
 * @throws VerifyError `VERIFY_INVALID_BUNDLE` with a one-line reason when it is malformed.
 */
export function parseBundle(json: unknown): Bundle {
  const bundle = decodeBundleJson(json);
  checkBundleShape(bundle);
  return bundle;
}

/**
 * {@link parseBundle} without the signed-time rule: a known media type, `bundleFromJSON`'s shape
 * and the timestamp count. For callers that report a missing signed time as a trust failure (the
 * certificate cannot be shown valid) rather than as a malformed bundle; check it with
 * {@link signedTimeProblem}.
 *
 * @throws VerifyError `VERIFY_INVALID_BUNDLE`
 */
export function decodeBundleJson(json: unknown): Bundle {
  const object = toJsonObject(json, 'VERIFY_INVALID_BUNDLE', 'bundle');
  checkMediaType((object as { mediaType?: unknown }).mediaType);
  const bundle = decodeBundle(object);
  const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  checkTimestampCount(timestamps.map((t) => Buffer.from(t.signedTimestamp).toString('base64')));
  return bundle;
}

/**
 * Why nothing proves when a certificate-signed bundle was signed (no log inclusion promise and no
 * RFC 3161 timestamp), or undefined when something does or the bundle is signed by a bare key.
 */
export function signedTimeProblem(bundle: Bundle): string | undefined {
  const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  // A Fulcio certificate lives ~10 minutes: without a signed time nothing says it was valid.
  const promised = bundle.verificationMaterial.tlogEntries.some(
    (e) => e.inclusionPromise !== undefined,
  );
  if (signedByCertificate(bundle) && !promised && timestamps.length === 0) {
    return 'is signed by a certificate but has neither a log inclusion promise nor an RFC 3161 timestamp, so nothing proves when it was signed';
  }
  return undefined;
}

/**
 * Shape rules beyond `@sigstore/bundle`'s own: a known media type (its check is an unanchored
 * pattern that lets `v0.9` through), a verifiable signing time for certificate-signed bundles,
 * and at most {@link MAX_RFC3161_TIMESTAMPS} distinct timestamps.
 *
 * @throws VerifyError `VERIFY_INVALID_BUNDLE`
 */
export function checkBundleShape(bundle: Bundle): void {
  checkMediaType(bundle.mediaType);
  const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? [];
  checkTimestampCount(timestamps.map((t) => Buffer.from(t.signedTimestamp).toString('base64')));
  const problem = signedTimeProblem(bundle);
  if (problem !== undefined) throw invalid(problem);
}

// At most MAX_RFC3161_TIMESTAMPS, none repeated (a repeat could count twice towards a threshold).
function checkTimestampCount(timestamps: readonly string[]): void {
  if (timestamps.length > MAX_RFC3161_TIMESTAMPS) {
    throw invalid(
      `carries ${timestamps.length} RFC 3161 timestamps; at most ${MAX_RFC3161_TIMESTAMPS} are accepted`,
    );
  }
  if (new Set(timestamps).size < timestamps.length) {
    throw invalid('carries the same RFC 3161 timestamp more than once');
  }
}

/** `0.1`, `0.2` or `0.3` for a bundle that passed {@link checkBundleShape}. */
export function bundleVersionOf(bundle: Bundle): string {
  return BUNDLE_VERSIONS.get(bundle.mediaType) ?? 'unknown';
}

function checkMediaType(mediaType: unknown): void {
  if (typeof mediaType !== 'string') throw invalid('has no mediaType');
  if (!BUNDLE_VERSIONS.has(mediaType)) {
    throw invalid(
      `has an unsupported mediaType ${JSON.stringify(mediaType)} (expected a Sigstore bundle v0.1, v0.2 or v0.3)`,
    );
  }
}

// bundleFromJSON, with its field-list errors turned into one line.
function decodeBundle(object: object): Bundle {
  try {
    return bundleFromJSON(object);
  } catch (err) {
    if (err instanceof ValidationError) {
      throw invalid(`fails ${err.message}: ${err.fields.join(', ')}`, err);
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw invalid(`cannot be decoded: ${detail}`, err);
  }
}

function signedByCertificate(bundle: Bundle): boolean {
  return bundle.verificationMaterial.content.$case !== 'publicKey';
}

function invalid(reason: string, cause?: unknown): VerifyError {
  return new VerifyError(
    'VERIFY_INVALID_BUNDLE',
    `bundle ${reason}`,
    cause === undefined ? {} : { cause: foreignCause(cause) },
  );
}

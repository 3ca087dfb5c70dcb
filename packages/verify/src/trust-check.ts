import { foreignCause } from '@trailmark/core';
import type { KeyObject } from 'node:crypto';
import type { Bundle, TransparencyLogEntry } from '@sigstore/bundle';
import { RFC3161Timestamp } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  PolicyError,
  VerificationError,
  Verifier,
  toSignedEntity,
  type SignedEntity,
  type TrustMaterial,
  type VerificationPolicy,
  type VerifierOptions,
} from '@sigstore/verify';
import type { Finding } from './content-check.js';
import { encodedTree } from './der-encode.js';
import { EncodedCertificate } from './encoded-certificate.js';
import { VerifyError } from './error.js';
import { logWindowProblem } from './log-windows.js';
import { keyFinderFor } from './policy-key.js';
import type { SignatureContent } from './signed-content.js';
import { signingTimesOf, verifiableTimestamps } from './timestamps.js';

/** Library error codes that mean "the signature or the log entry does not match the content". */
const CONTENT_ERRORS: ReadonlySet<string> = new Set(['SIGNATURE_ERROR', 'TLOG_BODY_ERROR']);

/** What {@link checkTrust} needs beyond the bundle. */
export interface TrustCheck {
  root: TrustedRoot;
  /**
   * The root's material from `anchoredMaterial` (trust-anchors.ts), made once per run and root: the root's own
   * certificate paths are then verified once per run rather than once per bundle.
   */
  material: TrustMaterial;
  content: SignatureContent;
  /** The policy key; absent for identity policies (the certificate must chain to the root). */
  key?: KeyObject;
  /** Identity policy, already escaped and anchored. */
  identity?: VerificationPolicy;
}

/**
 * Establishes trust with `@sigstore/verify`: certificate chain and SCTs, log inclusion, RFC 3161
 * timestamps, validity windows, and the identity policy; then the log-key windows it skips.
 *
 * @returns a finding, or undefined when the bundle is trusted.
 */
export function checkTrust(bundle: Bundle, check: TrustCheck): Finding | undefined {
  const outcome = checkTrustTimes(bundle, check);
  return 'code' in outcome ? outcome : undefined;
}

/**
 * {@link checkTrust}, answering on success the signing times it verified: log integration times
 * backed by an inclusion promise and RFC 3161 times (none for a bare key without log or TSA).
 */
export function checkTrustTimes(bundle: Bundle, check: TrustCheck): Finding | { times: Date[] } {
  const material: TrustMaterial =
    check.key === undefined
      ? check.material
      : { ...check.material, publicKey: keyFinderFor(check.key) };
  const entity = toEntity(bundle, check.content);
  const verifier = new Verifier(material, thresholds(check));
  let usable: SignedEntity = entity;
  try {
    verifier.verify(usable, check.identity);
  } catch (err) {
    // A timestamp that does not verify is dropped, not fatal (see timestamps.ts): only then are
    // the timestamps probed one by one, so the common case verifies each of them once.
    if (!(err instanceof VerificationError) || err.code !== 'TIMESTAMP_ERROR')
      return toFinding(err);
    usable = { ...entity, timestamps: verifiableTimestamps(entity, material) };
    try {
      verifier.verify(usable, check.identity);
    } catch (retried) {
      return toFinding(retried);
    }
  }
  const times = signingTimesOf(usable.timestamps);
  const problem = logWindowProblem(usable.tlogEntries, check.root, times);
  return problem === undefined ? { times } : { code: 'TRUST_ROOT_INVALID', reason: problem };
}

// Keyless: one log entry, one SCT and one signed time, where the root has logs at all (GitHub's
// private instance has no transparency or CT log). A bare key needs none (toolchain §3); the
// entries it does carry are still verified.
function thresholds(check: TrustCheck): VerifierOptions {
  if (check.key !== undefined)
    return { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 };
  return {
    tlogThreshold: check.root.tlogs.length > 0 ? 1 : 0,
    ctlogThreshold: check.root.ctlogs.length > 0 ? 1 : 0,
    timestampThreshold: 1,
  };
}

// The library's view of the bundle, with our signature content.
function toEntity(bundle: Bundle, content: SignatureContent): SignedEntity {
  try {
    const entity = toSignedEntity(bundle);
    return {
      ...entity,
      key: encodedOnce(entity.key),
      signature: content,
      tlogEntries: entity.tlogEntries.map(withoutBareProof),
      timestamps: entity.timestamps.map(encodedTimestamp),
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VerifyError(
      'VERIFY_INVALID_BUNDLE',
      `bundle verification material cannot be decoded: ${detail}`,
      { cause: foreignCause(err) },
    );
  }
}

// The signing certificate, encoded once for the several times the library re-encodes it.
function encodedOnce(key: SignedEntity['key']): SignedEntity['key'] {
  if (key.$case !== 'certificate') return key;
  return { ...key, certificate: new EncodedCertificate(key.certificate.root) };
}

// An RFC 3161 timestamp over an encoded tree: its signed attributes and TSTInfo are re-encoded
// for every check of it.
function encodedTimestamp(
  timestamp: SignedEntity['timestamps'][number],
): SignedEntity['timestamps'][number] {
  if (timestamp.$case !== 'timestamp-authority') return timestamp;
  return { ...timestamp, timestamp: new RFC3161Timestamp(encodedTree(timestamp.timestamp.root)) };
}

// v0.1 bundles may carry an inclusion proof without a checkpoint (Python-3.12.5.tgz.sigstore
// does); its root hash is unsigned, so it proves nothing, and @sigstore/verify 3.1.1 crashes on
// it. The entry then rests on its inclusion promise, which v0.1 requires.
function withoutBareProof(entry: TransparencyLogEntry): TransparencyLogEntry {
  if (entry.inclusionProof === undefined || entry.inclusionProof.checkpoint !== undefined)
    return entry;
  return { ...entry, inclusionProof: undefined };
}

// Library errors → findings; anything else means we could not answer.
function toFinding(err: unknown): Finding {
  if (err instanceof PolicyError) return { code: 'UNTRUSTED_SIGNER', reason: err.message };
  if (err instanceof VerificationError) {
    const cause: unknown = err.cause;
    const detail = cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
    return {
      code: CONTENT_ERRORS.has(err.code) ? 'SIGNATURE_INVALID' : 'TRUST_ROOT_INVALID',
      reason: detail,
    };
  }
  const detail = err instanceof Error ? err.message : String(err);
  throw new VerifyError(
    'VERIFY_INVALID_BUNDLE',
    `bundle verification could not complete: ${detail}`,
    { cause: foreignCause(err) },
  );
}

import type { Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';

/**
 * Whom a bundle must be signed by.
 *
 * - `identity`: a Fulcio-style certificate whose subject alternative name and OIDC issuer equal
 *   these strings EXACTLY (no prefix, substring or pattern matching).
 * - `key`: a bare public key (PEM, ECDSA P-256/P-384 or Ed25519) that signed the bundle.
 */
export type BundlePolicy =
  | { kind: 'identity'; subjectAlternativeName: string; issuer: string }
  | { kind: 'key'; publicKeyPem: string };

/**
 * What the bundle must be about.
 *
 * - `bytes`: the artifact itself.
 * - `digest`: its hex digest. For a message signature the bundle's message digest must equal it;
 *   for a DSSE bundle it must equal one of the in-toto statement's subject digests. `sha512` exists
 *   because some statements (npm provenance) name their subjects by SHA-512 only.
 */
export type Artifact =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'digest'; sha256: string }
  | { kind: 'digest'; sha512: string };

/**
 * Why a bundle did not verify.
 *
 * - `SIGNATURE_INVALID`: the signature does not verify over the content, or the log entry and the
 *   bundle disagree (tampered signature, payload or log entry).
 * - `UNTRUSTED_SIGNER`: cryptographically sound and anchored, but not signed by the policy's signer.
 * - `ARTIFACT_MISMATCH`: sound, but about another artifact (digest, payload type or subject differ).
 * - `TRUST_ROOT_INVALID`: the certificate chain, log entries, SCTs or timestamps are not vouched for
 *   by the trusted root, or fall outside the validity windows it gives.
 */
export type BundleVerdictCode =
  'SIGNATURE_INVALID' | 'UNTRUSTED_SIGNER' | 'ARTIFACT_MISMATCH' | 'TRUST_ROOT_INVALID';

/** Who signed, as the bundle states it (verified only when the verdict is `ok`). */
export interface BundleSigner {
  subjectAlternativeName?: string;
  issuer?: string;
  publicKeyHint?: string;
}

/** The answer of {@link verifyBundle}: a "no" is data, never an exception. */
export interface BundleVerdict {
  ok: boolean;
  code?: BundleVerdictCode;
  reason?: string;
  signer?: BundleSigner;
  /** The parsed in-toto statement of a DSSE bundle; set only when `ok`. */
  statement?: unknown;
  /** `0.1`, `0.2` or `0.3`, from the bundle's media type. */
  bundleVersion: string;
}

/** Input of {@link verifyBundle}. */
export interface VerifyBundleInput {
  bundle: Bundle;
  artifact: Artifact;
  policy: BundlePolicy;
  /** Required for identity policies and for bundles carrying log entries or timestamps. */
  trustedRoot?: TrustedRoot;
}

export type { Bundle, TrustedRoot };

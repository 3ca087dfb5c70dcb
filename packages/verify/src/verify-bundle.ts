import { foreignCause } from '@trailmark/core';
import type { KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { crypto, type X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { toArtifactDigests } from './artifact.js';
import { bundleVersionOf, checkBundleShape } from './bundle.js';
import { checkContent, isFinding, type Finding, type SignerKey } from './content-check.js';
import { VerifyError } from './error.js';
import { identityPolicyFor, policyKindMismatch, untrustedSignerReason } from './identity-policy.js';
import { parsePolicyKey } from './policy-key.js';
import { leafCertificateOf, signerOf } from './signer.js';
import { anchoredMaterial } from './trust-anchors.js';
import { checkTrust } from './trust-check.js';
import { checkTrustedRoot } from './trusted-root.js';
import type { BundleSigner, BundleVerdict, VerifyBundleInput } from './types.js';

/** A trusted root with nothing in it: what a key policy checks a bare-key bundle against. */
const EMPTY_ROOT: TrustedRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/**
 * Verifies one Sigstore bundle against one artifact, a signer policy and a trusted root. Pure:
 * no clock (signing times come from the bundle's verified log entries and timestamps), no I/O.
 *
 * A "no" is a verdict with a code and a reason; it throws only when the question cannot be
 * answered (malformed bundle or root, unusable policy or artifact input).
 *
 * @throws VerifyError `VERIFY_INVALID_BUNDLE`, `VERIFY_INVALID_TRUSTED_ROOT`, `VERIFY_INVALID_INPUT`
 */
export function verifyBundle(input: VerifyBundleInput): BundleVerdict {
  const { bundle, policy } = input;
  // 1. Refuse what cannot be answered: malformed bundle, root, artifact or policy.
  checkBundleShape(bundle);
  const artifact = toArtifactDigests(input.artifact);
  const root = rootFor(input);
  const key = policy.kind === 'key' ? parsePolicyKey(policy.publicKeyPem) : undefined;
  const identity = policy.kind === 'identity' ? identityPolicyFor(policy) : undefined;
  const leaf = leafOf(bundle);
  const signer = signerOf(bundle, leaf);
  const verdict = (finding?: Finding, statement?: unknown): BundleVerdict =>
    toVerdict(bundleVersionOf(bundle), signer, finding, statement);
  // 2. The policy's kind must match the bundle's key material.
  const mismatch = policyKindMismatch(policy, signer, leaf !== undefined);
  if (mismatch !== undefined) return verdict({ code: 'UNTRUSTED_SIGNER', reason: mismatch });
  // 3. The signature verifies with the signer's key and the content names the artifact.
  const checked = checkContent(bundle, artifact, signerKeyFor(key, leaf));
  if (isFinding(checked)) return verdict(checked);
  // 4. The trusted root vouches for the signer at the signing time, and the policy holds.
  const material = anchoredMaterial(root);
  const finding = checkTrust(bundle, { root, material, content: checked.content, key, identity });
  if (finding?.code === 'UNTRUSTED_SIGNER') {
    return verdict({ ...finding, reason: untrustedSignerReason(policy, signer) });
  }
  return verdict(finding, finding === undefined ? checked.statement?.value : undefined);
}

// The root to check against: required unless a key policy meets a bare-key, log-less bundle.
function rootFor(input: VerifyBundleInput): TrustedRoot {
  if (input.trustedRoot !== undefined) {
    checkTrustedRoot(input.trustedRoot);
    return input.trustedRoot;
  }
  const material = input.bundle.verificationMaterial;
  const evidence =
    material.tlogEntries.length +
    (material.timestampVerificationData?.rfc3161Timestamps.length ?? 0);
  if (input.policy.kind === 'identity' || evidence > 0) {
    const why =
      input.policy.kind === 'identity'
        ? 'an identity policy'
        : 'a bundle with log entries or timestamps';
    throw new VerifyError('VERIFY_INVALID_INPUT', `verifying ${why} needs a trusted root`);
  }
  return EMPTY_ROOT;
}

// The signing certificate, with a decoding failure reported as a malformed bundle.
function leafOf(bundle: Bundle): X509Certificate | undefined {
  try {
    return leafCertificateOf(bundle);
  } catch (err) {
    throw new VerifyError('VERIFY_INVALID_BUNDLE', 'bundle signing certificate cannot be decoded', {
      cause: foreignCause(err),
    });
  }
}

// The policy key, else the (not yet trusted) certificate's key.
function signerKeyFor(key: KeyObject | undefined, leaf: X509Certificate | undefined): SignerKey {
  if (key !== undefined) return { key, label: 'the policy key' };
  if (leaf === undefined) {
    throw new VerifyError(
      'VERIFY_INVALID_BUNDLE',
      'bundle has neither a certificate nor a public key',
    );
  }
  return { key: crypto.createPublicKey(leaf.publicKey), label: "the certificate's key" };
}

function toVerdict(
  bundleVersion: string,
  signer: BundleSigner,
  finding: Finding | undefined,
  statement: unknown,
): BundleVerdict {
  if (finding !== undefined) return { ok: false, ...finding, signer, bundleVersion };
  return { ok: true, signer, bundleVersion, ...(statement === undefined ? {} : { statement }) };
}

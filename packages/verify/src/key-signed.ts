import type { Bundle } from '@sigstore/bundle';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { checkContent, isFinding, type CheckedContent, type Finding } from './content-check.js';
import type { CompiledKeyIdentity } from './identity-match.js';
import type { PreparedRoot } from './signed-statement.js';
import { anchoredMaterial } from './trust-anchors.js';
import { checkTrustTimes } from './trust-check.js';

/** A trusted root with nothing in it: what a bare-key bundle without log entries is checked against. */
const EMPTY_ROOT: TrustedRoot = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/** A key bundle's outcome: the key that signed and the checked content, or why not. */
export type KeySigned =
  { checked: CheckedContent; key: CompiledKeyIdentity; times: Date[] } | { finding: Finding };

/**
 * Verifies a bare-key bundle against the policy's keys: the first key whose signature verifies
 * (the bundle's hint only orders them: it is the signer's label, not a proof), then any log
 * entries and timestamps it carries. A failure under the key the hint names is tampering
 * (SIGNATURE_INVALID); otherwise another key signed (UNTRUSTED_SIGNER).
 */
export function verifyWithKeys(
  bundle: Bundle,
  roots: readonly PreparedRoot[],
  keys: readonly CompiledKeyIdentity[],
  hint: string | undefined,
): KeySigned {
  // The hint is the signer's label, not a proof: it only orders the keys to try.
  const ordered = [...keys].sort((a, b) => Number(b.hint === hint) - Number(a.hint === hint));
  let signatureFailed = false;
  for (const candidate of ordered) {
    const checked = checkContent(bundle, 'any-statement', {
      key: candidate.key,
      label: candidate.display,
    });
    if (isFinding(checked)) {
      if (checked.code !== 'SIGNATURE_INVALID') return { finding: checked };
      signatureFailed ||= candidate.hint === hint;
      continue;
    }
    const anchored = anchorKeyBundle(bundle, roots, candidate, checked);
    return 'code' in anchored
      ? { finding: anchored }
      : { checked, key: candidate, times: anchored.times };
  }
  // Our key under the bundle's own hint that does not verify is tampering; else another key signed.
  if (signatureFailed) {
    return {
      finding: {
        code: 'SIGNATURE_INVALID',
        reason: `the DSSE signature does not verify with the policy key whose hint the bundle names (${hint ?? ''})`,
      },
    };
  }
  return {
    finding: {
      code: 'UNTRUSTED_SIGNER',
      reason: `bundle is signed by a public key${hint === undefined ? '' : ` (hint ${hint})`} that no trusted key of the policy verifies`,
    },
  };
}

// Log entries and timestamps a key bundle carries must verify too (against a root that has them).
function anchorKeyBundle(
  bundle: Bundle,
  roots: readonly PreparedRoot[],
  candidate: CompiledKeyIdentity,
  checked: CheckedContent,
): Finding | { times: Date[] } {
  const material = bundle.verificationMaterial;
  const carried =
    material.tlogEntries.length +
    (material.timestampVerificationData?.rfc3161Timestamps.length ?? 0);
  const usable =
    carried === 0 ? [{ root: EMPTY_ROOT, material: anchoredMaterial(EMPTY_ROOT) }] : roots;
  let outcome: Finding | { times: Date[] } = {
    code: 'TRUST_ROOT_INVALID',
    reason: 'the bundle carries log entries or timestamps but no trusted root was given',
  };
  for (const { root, material } of usable) {
    const content = checked.content;
    outcome = checkTrustTimes(bundle, { root, material, content, key: candidate.key });
    if (!('code' in outcome)) return outcome;
  }
  return outcome;
}

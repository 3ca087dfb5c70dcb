import type { VerificationPolicy } from '@sigstore/verify';
import { VerifyError } from './error.js';
import type { BundlePolicy, BundleSigner } from './types.js';

/**
 * The library policy for an exact identity. `@sigstore/verify` applies `subjectAlternativeName`
 * with `String.prototype.match`, an UNANCHORED regular expression, so `https://github.com/acme/`
 * would accept `https://github.com/acme/…` and `.` would accept anything: escape and anchor.
 * The issuer is compared with `!==` against the parsed extension value.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` for an empty identity or issuer.
 */
export function identityPolicyFor(
  policy: Extract<BundlePolicy, { kind: 'identity' }>,
): VerificationPolicy {
  if (policy.subjectAlternativeName === '' || policy.issuer === '') {
    throw new VerifyError(
      'VERIFY_INVALID_INPUT',
      'identity policy needs a non-empty subject alternative name and issuer',
    );
  }
  return {
    subjectAlternativeName: `^${escapeRegExp(policy.subjectAlternativeName)}$`,
    extensions: { issuer: policy.issuer },
  };
}

/** `text` with every regular-expression metacharacter escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Why the policy cannot apply to this kind of signer (certificate vs bare key), if it cannot. */
export function policyKindMismatch(
  policy: BundlePolicy,
  signer: BundleSigner,
  hasCertificate: boolean,
): string | undefined {
  if (policy.kind === 'identity' && !hasCertificate) {
    return `bundle is signed by a bare public key${hint(signer)}, but the policy requires a certificate identity`;
  }
  if (policy.kind === 'key' && hasCertificate) {
    return `bundle is signed by a certificate for ${signer.subjectAlternativeName ?? 'an unnamed identity'}, but the policy requires a public key`;
  }
  return undefined;
}

/** The reason of an UNTRUSTED_SIGNER verdict: who signed versus whom the policy names. */
export function untrustedSignerReason(policy: BundlePolicy, signer: BundleSigner): string {
  if (policy.kind === 'key') return 'bundle is not signed by the policy key';
  const got = `${signer.subjectAlternativeName ?? '(no SAN)'} (issuer ${signer.issuer ?? 'unknown'})`;
  return `bundle is signed by ${got}; the policy requires ${policy.subjectAlternativeName} (issuer ${policy.issuer})`;
}

function hint(signer: BundleSigner): string {
  return signer.publicKeyHint === undefined ? '' : ` (hint ${signer.publicKeyHint})`;
}

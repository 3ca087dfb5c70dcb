import { foreignCause, type EvidenceRejection, type SignerIdentity } from '@trailmark/core';
import type { Bundle } from '@sigstore/bundle';
import { crypto, X509Certificate } from '@sigstore/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import type { TrustMaterial } from '@sigstore/verify';
import { signedTimeProblem } from './bundle.js';
import { checkContent, isFinding, type CheckedContent, type Finding } from './content-check.js';
import { VerifyError } from './error.js';
import type { CompiledKeyIdentity } from './identity-match.js';
import { leafCertificateOf } from './signer.js';
import { signerIdentityOf } from './signer-identity.js';
import type { ParsedStatement } from './statement.js';
import { verifyWithKeys } from './key-signed.js';
import { anchoredMaterial } from './trust-anchors.js';
import { checkTrustTimes } from './trust-check.js';

/**
 * A trusted root prepared for one run: the subjects of its CA certificates, to pick it by
 * certificate issuer, and its trust material, whose own certificate paths are verified once per run.
 */
export interface PreparedRoot {
  root: TrustedRoot;
  material: TrustMaterial;
  /** Hex DER of every CA certificate subject in the root. */
  caSubjects: ReadonlySet<string>;
}

/** The outcome of the cryptographic half: who signed and what, or why it does not verify. */
export type SignedStatement =
  | {
      ok: true;
      signer: SignerIdentity;
      statement: ParsedStatement;
      /** RFC 3339: the latest signing time a verified log entry or timestamp proves. */
      signedAt?: string;
      key?: CompiledKeyIdentity;
    }
  | { ok: false; rejection: EvidenceRejection; reason: string; signer: SignerIdentity };

/** Indexes each root's CA subjects and decodes its trust material, once per run. */
export function prepareRoots(roots: readonly TrustedRoot[]): PreparedRoot[] {
  return roots.map((root) => ({
    root,
    material: anchoredMaterial(root),
    caSubjects: new Set(
      root.certificateAuthorities.flatMap((ca) =>
        (ca.certChain?.certificates ?? []).map((cert) =>
          X509Certificate.parse(Buffer.from(cert.rawBytes)).subject.toString('hex'),
        ),
      ),
    ),
  }));
}

/**
 * Verifies a DSSE bundle's signature and its anchoring WITHOUT an identity policy and without
 * naming a subject: keyless bundles against the roots whose CA issued the certificate (chain,
 * SCT, log entries, timestamps, validity at the signing time); bare-key bundles against the
 * policy's keys (the first that verifies the signature). The identity list is matched by the caller.
 *
 * @throws VerifyError `VERIFY_INVALID_BUNDLE` when the bundle cannot be decoded far enough.
 */
export function verifySignedStatement(
  bundle: Bundle,
  roots: readonly PreparedRoot[],
  keys: readonly CompiledKeyIdentity[],
): SignedStatement {
  const leaf = leafOf(bundle);
  const signer = signerIdentityOf(bundle, leaf);
  const fail = (finding: Finding): SignedStatement => ({
    ok: false,
    signer,
    rejection: toRejection(finding),
    reason: finding.reason,
  });
  // 1. A certificate is only ~10 minutes valid: without a signed time it proves nothing.
  const untimed = signedTimeProblem(bundle);
  if (untimed !== undefined)
    return fail({ code: 'TRUST_ROOT_INVALID', reason: `bundle ${untimed}` });
  // 2. Keyless: the certificate's key signed, and a root vouches for the certificate.
  if (leaf !== undefined) return verifyKeyless(bundle, leaf, roots, signer, fail);
  // 3. Bare key: one of the policy's keys signed, and any log entries it carries verify.
  const keyed = verifyWithKeys(bundle, roots, keys, signer.publicKeyHint);
  return 'finding' in keyed
    ? fail(keyed.finding)
    : trusted(signer, keyed.checked, keyed.times, keyed.key);
}

function verifyKeyless(
  bundle: Bundle,
  leaf: X509Certificate,
  roots: readonly PreparedRoot[],
  signer: SignerIdentity,
  fail: (finding: Finding) => SignedStatement,
): SignedStatement {
  const key = { key: crypto.createPublicKey(leaf.publicKey), label: "the certificate's key" };
  const checked = checkContent(bundle, 'any-statement', key);
  if (isFinding(checked)) return fail(checked);
  // Which CA issued the certificate only picks the roots to try: each still checks the chain.
  const issuer = leaf.issuer.toString('hex');
  const candidates = roots.filter((prepared) => prepared.caSubjects.has(issuer));
  if (candidates.length === 0) {
    return fail({
      code: 'TRUST_ROOT_INVALID',
      reason: 'no trusted root holds the certificate authority that issued the signing certificate',
    });
  }
  let finding: Finding | undefined;
  for (const { root, material } of candidates) {
    const outcome = checkTrustTimes(bundle, { root, material, content: checked.content });
    if (!('code' in outcome)) return trusted(signer, checked, outcome.times);
    finding = outcome;
  }
  return fail(finding ?? { code: 'TRUST_ROOT_INVALID', reason: 'no root vouches for it' });
}

function trusted(
  signer: SignerIdentity,
  checked: CheckedContent,
  times: readonly Date[],
  key?: CompiledKeyIdentity,
): SignedStatement {
  if (checked.statement === undefined) {
    // checkContent always parses the statement of a DSSE bundle it accepts.
    throw new VerifyError('VERIFY_INVALID_BUNDLE', 'bundle statement could not be read');
  }
  // The latest verified time: the closest the bundle proves to the deploy it attests.
  const latest = times.reduce<Date | undefined>(
    (a, b) => (a === undefined || b > a ? b : a),
    undefined,
  );
  return {
    ok: true,
    signer,
    statement: checked.statement,
    ...(latest === undefined ? {} : { signedAt: latest.toISOString() }),
    ...(key ? { key } : {}),
  };
}

// Content problems (payload type, not a statement) are predicate problems for an attestation.
function toRejection(finding: Finding): EvidenceRejection {
  return finding.code === 'ARTIFACT_MISMATCH' ? 'PREDICATE_INVALID' : finding.code;
}

function leafOf(bundle: Bundle): X509Certificate | undefined {
  try {
    return leafCertificateOf(bundle);
  } catch (err) {
    throw new VerifyError('VERIFY_INVALID_BUNDLE', 'bundle signing certificate cannot be decoded', {
      cause: foreignCause(err),
    });
  }
}

import type { AttestationEvidence, EvidenceSource, SignerIdentity } from '@trailmark/core';
import type { TrustedRoot } from '@sigstore/protobuf-specs';
import { decodeBundleJson } from './bundle.js';
import { bundleId, sortSources } from './bundle-id.js';
import { VerifyError } from './error.js';
import {
  compileIdentities,
  matchCertificate,
  type CompiledIdentity,
  type CompiledKeyIdentity,
} from './identity-match.js';
import { predicateProblem, type PredicateRules } from './predicate-check.js';
import type { TrustedIdentity } from './policy-types.js';
import { describeSigner } from './signer-identity.js';
import { prepareRoots, verifySignedStatement, type PreparedRoot } from './signed-statement.js';
import { claimedStatement, subjectsOf } from './evidence-subjects.js';
import { checkTrustedRoot } from './trusted-root.js';

/** One candidate bundle: its file bytes and where it was found. */
export interface CandidateBundle {
  bytes: Uint8Array;
  source: EvidenceSource;
}

/** Input of {@link verifyAttestations}. */
export interface VerifyAttestationsInput extends PredicateRules {
  bundles: readonly CandidateBundle[];
  /** Every root a keyless bundle may chain to (public-good, GitHub's, `--trusted-root`). */
  trustedRoots: readonly TrustedRoot[];
  /** Whom the policy trusts; an empty list trusts no one (every bundle is UNTRUSTED_SIGNER). */
  identities: readonly TrustedIdentity[];
  /** Called once per cryptographic verification with the bundle id (instrumentation, tests). */
  onVerify?: (id: string) => void;
}

/**
 * Verifies every candidate bundle ONCE and returns one {@link AttestationEvidence} per distinct
 * bundle (by {@link bundleId}: the SHA-256 of its canonical JSON; the sources of copies are
 * merged), sorted by id.
 * Pure: no clock (signing times come from the bundles' verified log entries and timestamps).
 *
 * Each bundle must be a DSSE envelope of an in-toto statement (Statement v1; v0.1, which older
 * cosign and SLSA generators write, is accepted: subjects and predicate read the same), signed
 * keylessly under one of `trustedRoots` by a certificate that one certificate identity matches,
 * or by one of the key identities. Its predicate must pass {@link predicateProblem}.
 *
 * A bundle that fails is evidence with a `rejection`, never a throw; the checks map rejections to
 * finding codes: `SIGNATURE_INVALID` and `TRUST_ROOT_INVALID` → `SIGNATURE_INVALID`;
 * `UNTRUSTED_SIGNER` and `PREDICATE_INVALID` → `UNTRUSTED_SIGNER`; `MALFORMED` (not a bundle, or
 * not one we can read) → `SIGNATURE_INVALID` when its claimed subjects name an image.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` for an identity whose pattern does not compile or
 *   whose key is unusable; `VERIFY_INVALID_TRUSTED_ROOT` for a root that fails the strict checks.
 */
export function verifyAttestations(input: VerifyAttestationsInput): AttestationEvidence[] {
  const identities = compileIdentities(input.identities);
  input.trustedRoots.forEach(checkTrustedRoot);
  const roots = prepareRoots(input.trustedRoots);
  const byId = new Map<string, { bytes: Uint8Array; sources: EvidenceSource[] }>();
  for (const candidate of input.bundles) {
    const id = bundleId(candidate.bytes);
    const entry = byId.get(id) ?? { bytes: candidate.bytes, sources: [] };
    entry.sources.push(candidate.source);
    byId.set(id, entry);
  }
  const evidence = [...byId].map(([id, { bytes, sources }]) => {
    input.onVerify?.(id);
    return {
      ...verifyOne(bytes, { roots, identities, rules: input }),
      id,
      sources: sortSources(sources),
    };
  });
  return evidence.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

interface Context {
  roots: readonly PreparedRoot[];
  identities: readonly CompiledIdentity[];
  rules: PredicateRules;
}

type Verdict = Omit<AttestationEvidence, 'id' | 'sources'>;

// One bundle: decode, verify the signature and its anchoring, match the signer, check the predicate.
function verifyOne(bytes: Uint8Array, context: Context): Verdict {
  const text = Buffer.from(bytes).toString('utf8');
  let bundle;
  try {
    bundle = decodeBundleJson(text);
  } catch (err) {
    return malformed(err, text);
  }
  const claimed = claimedStatement(bundle);
  const keys = context.identities.filter((i): i is CompiledKeyIdentity => i.kind === 'key');
  let signed;
  try {
    signed = verifySignedStatement(bundle, context.roots, keys);
  } catch (err) {
    return malformed(err, text);
  }
  if (!signed.ok) {
    return rejected(signed.rejection, signed.reason, claimed, signed.signer);
  }
  const { signer, statement } = signed;
  const identity = signed.key?.display ?? matchCertificate(context.identities, signer)?.display;
  if (identity === undefined) {
    const reason = `bundle is signed by ${describeSigner(signer)}, which no trusted identity of the policy matches`;
    return rejected('UNTRUSTED_SIGNER', reason, claimed, signer);
  }
  const problem = predicateProblem(statement.value, signer, context.rules);
  if (problem !== undefined)
    return rejected('PREDICATE_INVALID', problem, claimed, signer, identity);
  return {
    verified: true,
    signer,
    identity,
    ...(signed.signedAt === undefined ? {} : { signedAt: signed.signedAt }),
    predicateType: String(statement.value.predicateType),
    subjects: subjectsOf(statement),
    predicate: statement.value.predicate,
  };
}

function rejected(
  rejection: NonNullable<AttestationEvidence['rejection']>,
  reason: string,
  claimed: ReturnType<typeof claimedStatement>,
  signer: SignerIdentity,
  identity?: string,
): Verdict {
  return {
    verified: false,
    rejection,
    reason,
    signer,
    ...(identity === undefined ? {} : { identity }),
    ...(claimed?.predicateType === undefined ? {} : { predicateType: claimed.predicateType }),
    subjects: claimed?.subjects ?? [],
  };
}

// Only a malformed bundle is MALFORMED; anything else we could not answer propagates.
function malformed(err: unknown, text: string): Verdict {
  if (!(err instanceof VerifyError) || err.code !== 'VERIFY_INVALID_BUNDLE') throw err;
  const claimed = claimedStatement(text);
  return {
    verified: false,
    rejection: 'MALFORMED',
    reason: err.message,
    ...(claimed?.predicateType === undefined ? {} : { predicateType: claimed.predicateType }),
    subjects: claimed?.subjects ?? [],
  };
}

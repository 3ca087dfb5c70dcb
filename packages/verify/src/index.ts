export { VerifyError, type VerifyErrorCode } from './error.js';
export { parseBundle, MAX_RFC3161_TIMESTAMPS } from './bundle.js';
export { parseTrustedRoot } from './trusted-root.js';
export { verifyBundle } from './verify-bundle.js';
export { bundleId, verifyAttestations } from './verify-attestations.js';
export type { CandidateBundle, VerifyAttestationsInput } from './verify-attestations.js';
export { evidenceForDigest, indexEvidence } from './evidence-index.js';
export { compileIdentities, describeMatch, matcherOf } from './identity-match.js';
export type { CompiledIdentity } from './identity-match.js';
export { normalizeRepository, predicateProblem } from './predicate-check.js';
export type { PredicateRules, PredicateValidator } from './predicate-check.js';
export type { Match, PolicyException, TrustedIdentity, VerifyPolicy } from './policy-types.js';
export type {
  Artifact,
  Bundle,
  BundlePolicy,
  BundleSigner,
  BundleVerdict,
  BundleVerdictCode,
  TrustedRoot,
  VerifyBundleInput,
} from './types.js';

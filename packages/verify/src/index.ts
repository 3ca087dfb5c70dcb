export { VerifyError, type VerifyErrorCode } from './error.js';
export { parseBundle, MAX_RFC3161_TIMESTAMPS } from './bundle.js';
export { parseTrustedRoot } from './trusted-root.js';
export { verifyBundle } from './verify-bundle.js';
export { verifyAttestations } from './verify-attestations.js';
export { bundleId } from './bundle-id.js';
export type { CandidateBundle, VerifyAttestationsInput } from './verify-attestations.js';
export { evidenceForDigest, indexEvidence } from './evidence-lookup.js';
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

// The workload side of verify: inventory, checks, risk, drift, policy and the report.
export { evaluate } from './evaluate.js';
export { EvidenceIndex } from './evidence-index.js';
export type { OriginMatch } from './evidence-index.js';
export type { EvaluateInput } from './evaluate.js';
export { buildInventory, podContainers, WORKLOAD_KINDS } from './inventory.js';
export type {
  ContainerType,
  Inventory,
  InventoryContainer,
  InventoryWorkload,
  MissingOwner,
} from './inventory.js';
export { digestOfImageId } from './image-id.js';
export { fieldPaths } from './fields-v1.js';
export { CONTROLLER_MANAGERS, DEFAULT_DEPLOYERS } from './drift.js';
export { SEVERITY } from './finding.js';
export { defaultPolicy } from './policy-default.js';
export { parseVerifyPolicy, VERIFY_POLICY_SCHEMA } from './policy-parse.js';
export type { PolicyKeyFile, VerifyPolicyDraft } from './policy-parse.js';
export { policyKeyFiles, resolvePolicyKeys } from './policy-keys.js';

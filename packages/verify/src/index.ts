export { VerifyError, type VerifyErrorCode } from './error.js';
export { parseBundle, MAX_RFC3161_TIMESTAMPS } from './bundle.js';
export { parseTrustedRoot } from './trusted-root.js';
export { verifyBundle } from './verify-bundle.js';
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

export { stamp } from './stamp.js';
export type { StampOptions, StampResult } from './stamp.js';
export type { ManifestInput } from './read-inputs.js';
export type { Environment, RunFlags } from './run-facts.js';
export { SCHEMAS_DIR, schemaValidator } from './schemas.js';
export type { SchemaName } from './schemas.js';
export { writeFilesAtomic } from './write-output.js';
export type { OutputFile } from './write-output.js';
export type { GitErrorCode } from '@trailmark/git';
export type { ManifestErrorCode } from '@trailmark/manifest';
export { sbom } from './sbom.js';
export type { SbomOptions, SbomResult } from './sbom.js';
export type { BomSpecVersion, SbomErrorCode } from '@trailmark/sbom';
export { createKeyBundler, createKeylessBundler, readKeyBundler } from './signers.js';
export type {
  KeyAlgorithm,
  KeyBundler,
  KeyBundlerOptions,
  KeylessBundlerOptions,
  RetryOptions,
} from './signers.js';
export { KEY_FILE_NAMES, writeKeyPair } from './keygen.js';
export type { KeyPairPaths, KeyPairResult, KeygenOptions } from './keygen.js';
export { claimsOf, resolveIdentityToken } from './oidc.js';
export type { IdentityClaims, IdentityTokenOptions } from './oidc.js';
export { attest } from './attest.js';
export type { AttestOptions, AttestResult, SignedAttestation, SigningOptions } from './attest.js';
export type { AttestErrorCode } from '@trailmark/attest';
export type { GithubErrorCode } from '@trailmark/github';
export type { OciErrorCode } from '@trailmark/oci';
export { approversOf, fetchChangeRecord } from './change-record.js';
export type { ChangeRecord, ChangeRecordOptions, PullRequestChange } from './change-record.js';
export { verifyBundleFile } from './verify-bundle.js';
export { collectBundles } from './collect-bundles.js';
export type { CollectBundlesOptions, CollectedBundles, ImageDigest } from './collect-bundles.js';
export { resolveTrustRoots } from './trust-roots.js';
export { digestAliases, toEvaluateAliases } from './digest-aliases.js';
export { createPredicateValidator } from './predicate-validator.js';
export { readKeyIdentities } from './key-identities.js';
export { gatherEvidence } from './gather-evidence.js';
export type { GatherEvidenceOptions, GatheredEvidence } from './gather-evidence.js';
export type { DigestAliases, DigestAliasesOptions } from './digest-aliases.js';
export type {
  ResolveTrustRootsOptions,
  ResolvedTrustRoots,
  TrustErrorCode,
  TufSource,
} from './trust-roots.js';
export { SERVICE_DEFAULTS, githubRunOf, resolveConfig, visibilityOfEvent } from './config.js';
export type { ConfigOptions, GithubRun, GithubRunConfig, TrailmarkConfig } from './config.js';
export {
  SIGSTORE_INSTANCES,
  chooseKeylessEndpoints,
  describeKeylessEndpoints,
} from './sigstore-instance.js';
export type {
  ExplicitSigstoreURLs,
  KeylessEndpoints,
  SigstoreInstance,
  SigstoreInstanceName,
  SigstoreOrigins,
  Visibility,
} from './sigstore-instance.js';
export type { VerifyBundleFileOptions } from './verify-bundle.js';
export type { BundleVerdict, VerifyErrorCode } from '@trailmark/verify';
export { clusterAccessOf, readCluster, readClusterFile, snapshot } from './snapshot.js';
export type { ReadClusterOptions, SnapshotOptions, SnapshotResult } from './snapshot.js';
export { kubeEnvironmentOf } from './config.js';
export type { KubeEnvironment } from './config.js';
export type { ClusterAccess, KubeErrorCode } from '@trailmark/kube';
export type { TraceErrorCode } from '@trailmark/trace';
export type { WebhookErrorCode } from './escalate-error.js';
export { trace } from './trace.js';
export type { AlertInput, TraceOptions, TraceOutcome } from './trace.js';
export { createTracer } from './tracer.js';
export type { Tracer, TracerInputs } from './tracer.js';
export { escalate } from './escalate.js';

import type { SourceLocation } from './error.js';
import type { ClusterSnapshot } from './cluster.js';
import type { Introducer, Operator } from './origin.js';

// What `trailmark verify` concludes (schemas/verify-report.v1.schema.json). The verify package
// produces it, the report package renders it, trace reads the same evidence: the shared contract.

/** `schema` of a verify report. */
export const VERIFY_REPORT_SCHEMA = 'https://trailmark.dev/verify-report/v1';

/**
 * Finding codes (stable, documented in docs/verify.md):
 * - `UNATTESTED_IMAGE`: a running container's digest is the subject of no verified bundle (or the
 *   running digest is unknown).
 * - `SIGNATURE_INVALID`: a bundle for this image or workload does not verify (tampered signature,
 *   payload, log entry, or a certificate outside its validity without a timestamp).
 * - `UNTRUSTED_SIGNER`: a bundle verifies, but its signer (issuer, identity, source repository/ref,
 *   key, builder) is not one the policy trusts.
 * - `NO_ORIGIN_RECORD`: no verified deployment-origin record names the workload.
 * - `ANNOTATIONS_MISMATCH`: the live `trailmark.dev/*` annotations (object or pod template) do not
 *   hash to the signed record's digest: forged, edited or stale (from an older release).
 * - `MISSING_PROVENANCE`: the workload carries no `trailmark.dev/*` annotations at all.
 * - `DRIFT_MANUAL_CHANGE`: a field manager outside the allowed deployers changed the object after
 *   the attested deploy.
 * - `DRIFT_IMAGE`: a container runs another image than the signed record names.
 * - `RISKY_UNATTRIBUTED`: a risky workload (secret mount, privileged/host access, elevated RBAC) is
 *   not fully attributed.
 * - `EXCEPTION_EXPIRED`: a policy exception matched but its expiry date has passed.
 */
export const FINDING_CODES = [
  'UNATTESTED_IMAGE',
  'SIGNATURE_INVALID',
  'UNTRUSTED_SIGNER',
  'NO_ORIGIN_RECORD',
  'ANNOTATIONS_MISMATCH',
  'MISSING_PROVENANCE',
  'DRIFT_MANUAL_CHANGE',
  'DRIFT_IMAGE',
  'RISKY_UNATTRIBUTED',
  'EXCEPTION_EXPIRED',
] as const;

/** One of {@link FINDING_CODES}. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** Severity, worst first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** One of {@link SEVERITIES}. */
export type Severity = (typeof SEVERITIES)[number];

/** A workload, object or pod by kind, namespace and name. */
export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** What makes a workload risky (design.md §1, truth 3). */
export type RiskKind =
  | 'secret-volume'
  | 'secret-env'
  | 'secret-env-from'
  | 'projected-secret'
  | 'projected-token'
  | 'privileged'
  | 'host-path'
  | 'host-network'
  | 'host-pid'
  | 'host-ipc'
  | 'added-capabilities'
  | 'cluster-admin'
  | 'wildcard-rbac'
  | 'automount-token';

/** One risk fact of a workload. */
export interface RiskFact {
  kind: RiskKind;
  /** One line: what exactly, e.g. `secret shop-db mounted at /etc/db` or `ClusterRoleBinding/x → cluster-admin`. */
  detail: string;
  container?: string;
  /** The template line that declares it, from the origin record, when there is one. */
  at?: SourceLocation;
  /** True when this fact alone makes the workload risky (automount-token alone does not). */
  risky: boolean;
}

/** A policy exception that matched a finding. */
export interface AppliedException {
  owner: string;
  reason: string;
  /** `YYYY-MM-DD` (inclusive). */
  expires: string;
  expired: boolean;
}

/** One finding: data, never a thrown error. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One line a responder can act on. */
  message: string;
  /** True when this finding fails the run under the policy (and no live exception covers it). */
  fails: boolean;
  pod?: string;
  container?: string;
  image?: string;
  /** `sha256:<hex>`. */
  digest?: string;
  /** The template file:line from the origin record (or the claimed annotation), when known. */
  source?: SourceLocation;
  sourceUrl?: string;
  /** Structured detail: `manager`, `fields`, `time`, `attestation`, `expected`, `actual`, … */
  details?: Record<string, string | string[]>;
  exception?: AppliedException;
}

/** A signer as a verified bundle's certificate (or key) names it. */
export interface SignerIdentity {
  subjectAlternativeName?: string;
  issuer?: string;
  publicKeyHint?: string;
  /** Fulcio extension 1.3.6.1.4.1.57264.1.12. */
  sourceRepository?: string;
  /** …1.14. */
  sourceRef?: string;
  /** …1.13. */
  sourceDigest?: string;
  /** …1.9. */
  buildSignerUri?: string;
  /** …1.21. */
  runInvocationUri?: string;
}

/** Where a bundle was found. */
export interface EvidenceSource {
  kind: 'dir' | 'oci' | 'github';
  /** File path, `registry/repo@sha256:…` of the referrer, or the API URL. */
  location: string;
}

/** Why a bundle is not evidence. */
export type EvidenceRejection =
  | 'SIGNATURE_INVALID'
  | 'UNTRUSTED_SIGNER'
  | 'TRUST_ROOT_INVALID'
  | 'PREDICATE_INVALID'
  | 'MALFORMED';

/** One bundle after verification (each bundle is verified exactly once per run). */
export interface AttestationEvidence {
  /**
   * `sha256:<hex>` of the bundle's canonical JSON (RFC 8785; of the raw bytes when not JSON), so
   * one bundle has one id whether read from a file, a registry or the GitHub API.
   */
  id: string;
  sources: EvidenceSource[];
  verified: boolean;
  rejection?: EvidenceRejection;
  reason?: string;
  signer?: SignerIdentity;
  /** Which trusted identity of the policy matched (its display form). */
  identity?: string;
  predicateType?: string;
  /** Subjects as the statement states them; only *verified* when `verified`. */
  subjects: { name: string; digest: string }[];
  /** The predicate; set only when `verified`. */
  predicate?: unknown;
  /**
   * RFC 3339 time the bundle was signed, when a verified log entry or timestamp proves it (a
   * key-signed bundle without either has none). verify takes it as the attested deploy time.
   */
  signedAt?: string;
}

/** A container of a running pod. */
export interface ContainerReport {
  pod: string;
  name: string;
  type: 'container' | 'init' | 'ephemeral';
  image: string;
  /** The running digest (`sha256:<hex>`) from `status.*containerStatuses[].imageID`. */
  digest?: string;
  /** The digest that matched a subject when it differs (an index digest for a platform digest). */
  matchedDigest?: string;
  /** Ids of verified bundles naming this digest. */
  attestations: string[];
}

/** What is known of a workload's origin, and whether a verified record backs it. */
export interface WorkloadOrigin {
  /** True when it comes from a verified deployment-origin record; false = only claimed by annotations. */
  verified: boolean;
  /** Id of the evidence the record came from. */
  attestation?: string;
  source?: SourceLocation;
  sourceUrl?: string;
  repository?: string;
  commit?: string;
  /** `name@version`. */
  chart?: string;
  owners: string[];
  introducer?: Introducer;
  operator?: Operator;
  approvers: string[];
  build?: string;
  environment?: string;
}

/** Per workload: attributed and proven, or why not. */
export interface WorkloadReport extends ObjectRef {
  uid?: string;
  /** `verified`: design.md §5 holds; `claimed`: only annotations say where it came from; `none`. */
  attribution: 'verified' | 'claimed' | 'none';
  risky: boolean;
  risks: RiskFact[];
  origin?: WorkloadOrigin;
  containers: ContainerReport[];
  findings: Finding[];
}

/** The whole answer of `trailmark verify`. */
export interface VerifyReport {
  schema: typeof VERIFY_REPORT_SCHEMA;
  /** RFC 3339. */
  generatedAt: string;
  cluster: ClusterSnapshot['source'] & { capturedAt?: string };
  policy: { file?: string; failOn: FindingCode[] };
  verdict: 'pass' | 'fail';
  summary: {
    workloads: number;
    attributed: number;
    risky: number;
    pods: number;
    containers: number;
    findings: Partial<Record<FindingCode, number>>;
    failing: number;
    attestations: { total: number; verified: number; rejected: number };
  };
  /** Worst first: failing findings, then severity, then name. */
  workloads: WorkloadReport[];
  /** Every bundle considered, without predicates. */
  attestations: Omit<AttestationEvidence, 'predicate'>[];
}

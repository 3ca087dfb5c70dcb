import type { CoreErrorCode, InputErrorCode } from '@trailmark/core';
import type {
  AttestErrorCode,
  GitErrorCode,
  GithubErrorCode,
  KubeErrorCode,
  ManifestErrorCode,
  OciErrorCode,
  SbomErrorCode,
  TraceErrorCode,
  TrustErrorCode,
  VerifyErrorCode,
  WebhookErrorCode,
} from '@trailmark/trailmark';
import type { ServeErrorCode, StoreErrorCode } from '@trailmark/trailmark/serve';

/** Exit codes (docs/cli.md). */
export const EXIT = {
  ok: 0,
  verdictNo: 1,
  input: 2,
  service: 3,
  internal: 4,
} as const;

/** A documented exit code. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code the CLI can meet. A new code fails to compile until it is mapped below. */
export type ErrorCode =
  | CoreErrorCode
  | InputErrorCode
  | ManifestErrorCode
  | GitErrorCode
  | SbomErrorCode
  | AttestErrorCode
  | OciErrorCode
  | GithubErrorCode
  | KubeErrorCode
  | VerifyErrorCode
  | TrustErrorCode
  | TraceErrorCode
  | WebhookErrorCode
  | ServeErrorCode
  | StoreErrorCode;

/** The one table from error code to exit code. */
export const EXIT_CODE_OF: Record<ErrorCode, ExitCode> = {
  CORE_INVALID_DIGEST: EXIT.input,
  CORE_INVALID_IMAGE_REF: EXIT.input,
  CORE_SCHEMA: EXIT.input,
  CORE_NOT_JSON: EXIT.internal,
  INPUT_USAGE: EXIT.input,
  INPUT_NOT_FOUND: EXIT.input,
  INPUT_INVALID: EXIT.input,
  INPUT_ACCESS: EXIT.input,
  INPUT_NO_SPACE: EXIT.input,
  MANIFEST_PARSE: EXIT.input,
  MANIFEST_TOO_DEEP: EXIT.input,
  MANIFEST_ALIAS_LIMIT: EXIT.input,
  MANIFEST_ANNOTATIONS_TOO_LARGE: EXIT.input,
  MANIFEST_CHART: EXIT.input,
  GIT_NOT_A_REPOSITORY: EXIT.input,
  GIT_NOT_INSTALLED: EXIT.internal,
  GIT_COMMAND_FAILED: EXIT.internal,
  SBOM_PARSE: EXIT.input,
  SBOM_UNSUPPORTED_VERSION: EXIT.input,
  SBOM_INVALID_MERGE: EXIT.input,
  SBOM_VALIDATION: EXIT.internal,
  ATTEST_INVALID_SUBJECT: EXIT.input,
  ATTEST_PREDICATE_TOO_LARGE: EXIT.input,
  ATTEST_INVALID_PREDICATE: EXIT.input,
  ATTEST_KEY: EXIT.input,
  ATTEST_OIDC: EXIT.service,
  ATTEST_SIGNING: EXIT.service,
  OCI_UNREACHABLE: EXIT.service,
  OCI_AUTH: EXIT.service,
  OCI_NOT_FOUND: EXIT.input,
  OCI_PROTOCOL: EXIT.service,
  GITHUB_UNREACHABLE: EXIT.service,
  GITHUB_AUTH: EXIT.service,
  GITHUB_PERMISSION: EXIT.service,
  GITHUB_NOT_FOUND: EXIT.input,
  GITHUB_RATE_LIMITED: EXIT.service,
  GITHUB_PROTOCOL: EXIT.service,
  KUBE_CONFIG: EXIT.input,
  KUBE_PARSE: EXIT.input,
  KUBE_UNREACHABLE: EXIT.service,
  KUBE_AUTH: EXIT.service,
  KUBE_FORBIDDEN: EXIT.service,
  KUBE_NOT_FOUND: EXIT.service,
  KUBE_GONE: EXIT.service,
  KUBE_TIMEOUT: EXIT.service,
  KUBE_PROTOCOL: EXIT.service,
  VERIFY_INVALID_BUNDLE: EXIT.input,
  VERIFY_INVALID_TRUSTED_ROOT: EXIT.input,
  VERIFY_INVALID_INPUT: EXIT.input,
  TRUST_UNAVAILABLE: EXIT.service,
  VERIFY_INVALID_POLICY: EXIT.input,
  TRACE_ALERT_PARSE: EXIT.input,
  TRACE_ALERT_FORMAT_UNKNOWN: EXIT.input,
  TRACE_FALCO_RULES_PARSE: EXIT.input,
  WEBHOOK_UNREACHABLE: EXIT.service,
  WEBHOOK_REJECTED: EXIT.service,
  SERVE_STORE_UNREACHABLE: EXIT.service,
  SERVE_LISTEN: EXIT.input,
  STORE_URL: EXIT.input,
  STORE_OPEN: EXIT.input,
  STORE_SCHEMA: EXIT.input,
  STORE_UNREACHABLE: EXIT.service,
  STORE_AUTH: EXIT.service,
  STORE_FAILED: EXIT.service,
};

/** Exit code for a thrown code; unknown codes are internal errors. */
export function exitCodeOf(code: string): ExitCode {
  return (EXIT_CODE_OF as Record<string, ExitCode | undefined>)[code] ?? EXIT.internal;
}

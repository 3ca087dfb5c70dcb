import type { FindingCode } from '@trailmark/core';

// The verify policy (`--policy FILE`, schemas/verify-policy.v1.schema.json), once parsed.
// Identity patterns are ALWAYS anchored: `subjectPattern: 'https://github.com/acme/.*'` means
// `^https://github\.com/acme/.*$`-style full match, never a substring search.

/** A string matched exactly, or a regular expression that must match the WHOLE value. */
export type Match = { exact: string } | { pattern: string };

/** A signer the policy trusts. */
export type TrustedIdentity =
  | {
      kind: 'certificate';
      issuer: string;
      subject: Match;
      /** Fulcio source repository URI (1.3.6.1.4.1.57264.1.12), e.g. `https://github.com/acme/shop`. */
      sourceRepository?: Match;
      /** Fulcio source repository ref (…1.14), e.g. `refs/heads/main`. */
      sourceRef?: Match;
    }
  | { kind: 'key'; publicKeyPem: string; /** display name (the key file). */ name: string };

/** A policy exception: a finding code on matching workloads, owned, reasoned and dated. */
export interface PolicyException {
  code: FindingCode;
  /** `Kind/namespace/name` with `*` globs per segment, e.g. `Deployment/shop/*`. */
  workload: string;
  owner: string;
  reason: string;
  /** `YYYY-MM-DD`; the exception holds through that day (UTC). */
  expires: string;
  /** Where it was declared (policy file:line), for findings about it. */
  at?: { path: string; line: number };
}

/** The parsed policy. */
export interface VerifyPolicy {
  /** Where it came from (absent for the default policy). */
  file?: string;
  identities: TrustedIdentity[];
  /** predicateTypes a verified image must have (default: none beyond any verified bundle). */
  requiredPredicates: string[];
  /** Allowed SLSA builder ids (`runDetails.builder.id`); empty = any. */
  builders: string[];
  /** Source repository the predicates must name (URI); empty = any. */
  repositories: string[];
  /** Namespaces in scope (`*` globs); empty include = all. */
  namespaces: { include: string[]; exclude: string[] };
  /** Field managers allowed to change objects after the attested deploy (besides controllers). */
  deployers: string[];
  /** Codes that fail the run. Default: `RISKY_UNATTRIBUTED`, `EXCEPTION_EXPIRED`. */
  failOn: FindingCode[];
  exceptions: PolicyException[];
}

import type { Finding, FindingCode, Severity } from '@trailmark/core';

/** The severity of each finding code (docs/verify.md, "Finding codes"). */
export const SEVERITY: Readonly<Record<FindingCode, Severity>> = {
  SIGNATURE_INVALID: 'critical',
  RISKY_UNATTRIBUTED: 'critical',
  UNTRUSTED_SIGNER: 'high',
  UNATTESTED_IMAGE: 'high',
  ANNOTATIONS_MISMATCH: 'high',
  DRIFT_IMAGE: 'high',
  EXCEPTION_EXPIRED: 'high',
  NO_ORIGIN_RECORD: 'medium',
  DRIFT_MANUAL_CHANGE: 'medium',
  MISSING_PROVENANCE: 'low',
};

/** A finding before the policy decides whether it fails the run (`fails` starts false). */
export function finding(
  code: FindingCode,
  message: string,
  extra: Omit<Finding, 'code' | 'message' | 'severity' | 'fails'> = {},
): Finding {
  return { code, severity: SEVERITY[code], message, fails: false, ...extra };
}

/** `sha256:0123456789ab…` for messages. */
export function shortDigest(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}

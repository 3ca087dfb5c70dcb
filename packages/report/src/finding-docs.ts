import type { FindingCode } from '@trailmark/core';

/** What a finding code means, in one line and in a paragraph (SARIF rules, HTML and Markdown). */
export interface FindingDoc {
  /** A short title. */
  title: string;
  /** What it means and what to do. */
  description: string;
}

/** One {@link FindingDoc} per finding code (docs/verify.md documents the same codes). */
export const FINDING_DOCS: Readonly<Record<FindingCode, FindingDoc>> = {
  UNATTESTED_IMAGE: {
    title: 'Running image without a verified attestation',
    description:
      'A running container runs an image digest that no verified bundle names as a subject, or its running digest is unknown. Attest the image in CI, or find out who started it.',
  },
  SIGNATURE_INVALID: {
    title: 'Bundle does not verify',
    description:
      'A bundle for this image or workload does not verify against the trust root: a tampered signature, payload or log entry, or a certificate used outside its validity without a timestamp.',
  },
  UNTRUSTED_SIGNER: {
    title: 'Bundle signed by an untrusted identity',
    description:
      'A bundle verifies, but its signer (issuer, certificate identity, source repository or ref, key, builder) is not one the policy trusts.',
  },
  NO_ORIGIN_RECORD: {
    title: 'No verified deployment-origin record',
    description:
      'No verified deployment-origin record names the workload, so its source file, owners and approvers are unproven.',
  },
  ANNOTATIONS_MISMATCH: {
    title: 'Provenance annotations do not match the signed record',
    description:
      'The live trailmark.dev/* annotations (object or pod template) do not hash to the digest in the signed record: forged, edited by hand, or stale from an older release.',
  },
  MISSING_PROVENANCE: {
    title: 'No provenance annotations',
    description:
      'The workload carries no trailmark.dev/* annotations at all: it was not deployed from stamped manifests.',
  },
  DRIFT_MANUAL_CHANGE: {
    title: 'Changed by hand after the attested deploy',
    description:
      'A field manager outside the allowed deployers (kubectl edit, client-side apply, …) changed the object after the attested deploy.',
  },
  DRIFT_IMAGE: {
    title: 'Runs another image than the signed record names',
    description: 'A container runs another image than the signed deployment-origin record names.',
  },
  RISKY_UNATTRIBUTED: {
    title: 'Risky workload without full attribution',
    description:
      'A workload that mounts a secret, runs privileged or with host access, or uses elevated RBAC is not fully attributed to a verified origin.',
  },
  EXCEPTION_EXPIRED: {
    title: 'Policy exception expired',
    description:
      'A policy exception matched this finding, but its expiry date has passed: renew it with its owner, or fix the finding.',
  },
};

import { REPORT_FORMATS, type ReportFormat } from '@trailmark/trailmark/report';
import type { RawInputs } from './inputs.js';
import { parseBoolean } from './inputs.js';

/** What `command: verify` works from: the cluster, the evidence, the policy and the reports. */
export interface VerifyInputs {
  /** A `trailmark snapshot` file or `kubectl get … -o json` output; else a live cluster. */
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  bundles: string[];
  oci: boolean;
  /** `owner/repo` lines whose GitHub attestations API is asked (with github-token). */
  githubAttestations: string[];
  policy?: string;
  /** Public key PEM files whose signatures are trusted. */
  keys: string[];
  certificateIdentities: string[];
  certificatePatterns: string[];
  certificateIssuer?: string;
  trustedRoot?: string;
  sarifFile: string;
  /** The extra report (`report-file` in `report-format`), when asked for. */
  report?: { file: string; format: ReportFormat };
  failOnFindings: boolean;
}

/** The inputs only `verify` reads, with the value each has when the workflow leaves it out. */
const VERIFY_ONLY: [input: string, isSet: (raw: RawInputs) => boolean][] = [
  ['snapshot', (raw) => raw.snapshot !== ''],
  ['kubeconfig', (raw) => raw.kubeconfig !== ''],
  ['context', (raw) => raw.context !== ''],
  ['bundles', (raw) => raw.bundles.length > 0],
  ['oci', (raw) => parseBoolean(raw.oci) === true],
  ['github-attestations', (raw) => raw.githubAttestations.length > 0],
  ['policy', (raw) => raw.policy !== ''],
  ['verify-keys', (raw) => raw.verifyKeys.length > 0],
  ['certificate-identity', (raw) => raw.certificateIdentity.length > 0],
  ['certificate-identity-pattern', (raw) => raw.certificateIdentityPattern.length > 0],
  ['certificate-oidc-issuer', (raw) => raw.certificateOidcIssuer !== ''],
  ['trusted-root', (raw) => raw.trustedRoot !== ''],
  ['report-file', (raw) => raw.reportFile !== ''],
];

/** The release-side inputs `verify` does not read, and why (refused rather than ignored). */
const RELEASE_ONLY: [input: string, isSet: (raw: RawInputs) => boolean, why: string][] = [
  [
    'manifests',
    (raw) => raw.manifests.length > 0,
    'verify reads the cluster: snapshot or kubeconfig',
  ],
  ['chart', (raw) => raw.chart !== '', 'the template lines come from the signed origin records'],
  ['values', (raw) => raw.values.length > 0, 'values files are read by stamp'],
  ['environment', (raw) => raw.environment !== '', 'the environment is recorded by stamp'],
  ['images', (raw) => raw.images.trim() !== '', 'verify checks the digests the cluster runs'],
  ['sbom-paths', (raw) => raw.sbomPaths.join('\n') !== '.', 'SBOMs are built by sbom'],
  ['merge-sboms', (raw) => raw.mergeSboms.length > 0, 'SBOMs are merged by sbom'],
  ['origin-file', (raw) => raw.originFile !== '', 'origin records come from the bundles'],
  ['sbom-file', (raw) => raw.sbomFile !== '', 'SBOMs are attested by attest'],
  ['key', (raw) => raw.key !== '', 'it is a private signing key; give public keys in verify-keys'],
  [
    'push-to-registry',
    (raw) => parseBoolean(raw.pushToRegistry) === true,
    'verify only reads; oci: true looks for bundles in the registries',
  ],
  [
    'registry-username',
    (raw) => raw.registryUsername !== '' || raw.registryPassword !== '',
    'verify pulls anonymously; for a private registry set TRAILMARK_REGISTRY_HOST, TRAILMARK_REGISTRY_USERNAME and TRAILMARK_REGISTRY_PASSWORD in the step env',
  ],
];

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** Verify-only inputs given to another command: each refused, naming it. */
export function checkVerifyOnly(raw: RawInputs): string[] {
  if (raw.command === 'verify') return [];
  return VERIFY_ONLY.flatMap(([input, isSet]) =>
    isSet(raw) ? [`command ${raw.command}: input ${input} is only read by command verify`] : [],
  );
}

/** The rules of `command: verify`: where the cluster and evidence come from, identities, reports. */
export function checkVerifyInputs(raw: RawInputs): string[] {
  if (raw.command !== 'verify') return [];
  const problems = RELEASE_ONLY.flatMap(([input, isSet, why]) =>
    isSet(raw) ? [`command verify: input ${input} is not used (${why})`] : [],
  );
  const needs = (ok: boolean, message: string): void => {
    if (!ok) problems.push(`command verify: ${message}`);
  };
  needs(
    raw.snapshot === '' || (raw.kubeconfig === '' && raw.context === ''),
    'snapshot reads a file; kubeconfig and context are for a live cluster: give one or the other',
  );
  needs(
    raw.bundles.length > 0 || parseBoolean(raw.oci) === true || raw.githubAttestations.length > 0,
    'needs bundles, oci: true and/or github-attestations: where the attestations are',
  );
  for (const repository of raw.githubAttestations)
    needs(REPOSITORY.test(repository), `github-attestations "${repository}" must be owner/repo`);
  needs(
    raw.githubAttestations.length === 0 || raw.githubToken !== '',
    'github-attestations needs github-token (default ${{ github.token }})',
  );
  needs(
    raw.certificateIdentity.length + raw.certificateIdentityPattern.length === 0 ||
      raw.certificateOidcIssuer !== '',
    'certificate-identity and certificate-identity-pattern need certificate-oidc-issuer',
  );
  needs(
    raw.certificateOidcIssuer === '' || /^https?:\/\/\S+$/.test(raw.certificateOidcIssuer),
    `certificate-oidc-issuer "${raw.certificateOidcIssuer}" must be an http(s) URL`,
  );
  needs(
    (REPORT_FORMATS as readonly string[]).includes(raw.reportFormat),
    `report-format "${raw.reportFormat}" must be one of ${REPORT_FORMATS.join(', ')}`,
  );
  needs(raw.sarifFile.trim() !== '', 'sarif-file must not be empty');
  return problems;
}

/** The checked verify inputs (call after {@link checkVerifyInputs} found nothing). */
export function toVerifyInputs(raw: RawInputs): VerifyInputs {
  const optional = <K extends string>(key: K, value: string): { [P in K]?: string } =>
    value === '' ? {} : ({ [key]: value } as { [P in K]: string });
  return {
    ...optional('snapshot', raw.snapshot),
    ...optional('kubeconfig', raw.kubeconfig),
    ...optional('context', raw.context),
    bundles: raw.bundles,
    oci: parseBoolean(raw.oci) === true,
    githubAttestations: raw.githubAttestations,
    ...optional('policy', raw.policy),
    keys: raw.verifyKeys,
    certificateIdentities: raw.certificateIdentity,
    certificatePatterns: raw.certificateIdentityPattern,
    ...optional('certificateIssuer', raw.certificateOidcIssuer),
    ...optional('trustedRoot', raw.trustedRoot),
    sarifFile: raw.sarifFile,
    ...(raw.reportFile === ''
      ? {}
      : { report: { file: raw.reportFile, format: raw.reportFormat as ReportFormat } }),
    failOnFindings: parseBoolean(raw.failOnFindings) !== false,
  };
}

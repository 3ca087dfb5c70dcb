import { resolve } from 'node:path';
import {
  buildDeploymentOrigin,
  buildSbomPredicate,
  buildSlsaProvenance,
  buildStatement,
  signStatement,
  type Bundler,
} from '@trailmark/attest';
import {
  PREDICATE_TYPE,
  TrailmarkError,
  type InputErrorCode,
  type OriginRecords,
  type Statement,
} from '@trailmark/core';
import type { RegistryCredentials } from '@trailmark/oci';
import { githubBuildContext, readOriginRecords, readSbom, readSubjects } from './attest-inputs.js';
import { resolveConfig, type TrailmarkConfig } from './config.js';
import { resolveKeylessEndpoints } from './keyless-endpoints.js';
import { claimsOf, resolveIdentityToken, type IdentityClaims } from './oidc.js';
import { openRepository } from './open-repository.js';
import type { Environment } from './run-facts.js';
import type { KeylessEndpoints } from './sigstore-instance.js';

import { createKeylessBundler, readKeyBundler } from './signers.js';
import { publishAttestations, uploadTarget } from './publish-attestations.js';

// For the CLI, which loads this module on demand: the line naming the instance that signed.
export { describeKeylessEndpoints } from './sigstore-instance.js';

/**
 * How to sign: a local key (air-gapped), or keyless through Fulcio with Rekor and/or a TSA. Keyless
 * URLs left out follow the repository's visibility (docs/attest.md): public → public-good (Fulcio +
 * Rekor), private/internal/unknown → GitHub's instance (Fulcio + TSA, no public log).
 */
export type SigningOptions =
  | { kind: 'key'; keyPath: string }
  | {
      kind: 'keyless';
      identityToken?: string;
      fulcioUrl?: string;
      rekorUrl?: string;
      tsaUrl?: string;
    };

/** Options of {@link attest}. */
export interface AttestOptions {
  cwd: string;
  env: Environment;
  /** `stamp --origin-out` records: the deployment-origin attestation. */
  origin?: string;
  /** A CycloneDX SBOM: the SBOM attestation. */
  sbom?: string;
  /** `REF@sha256:…` subjects; default: images pinned by digest in `manifests`. */
  images?: readonly string[];
  /** Stamped manifest files: subjects by content hash. */
  manifests?: readonly string[];
  signing: SigningOptions;
  /** Directory for `*.sigstore.json` bundles. */
  outDir?: string;
  /** Attach each bundle to each image in its registry (credentials default to the config's). */
  pushOci?: { insecure?: boolean; credentials?: RegistryCredentials };
  /**
   * Upload each bundle to the GitHub attestations API; what is left out comes from the config
   * (`GITHUB_TOKEN`, `GITHUB_API_URL`, `GITHUB_REPOSITORY`).
   */
  uploadGithub?: { token?: string; apiUrl?: string; repository?: string };
  /** A GitHub token to read the repository's visibility when the event does not say (default: the upload token, else `GITHUB_TOKEN`). */
  githubToken?: string;
  /** The resolved environment (default: `resolveConfig({ env })`). */
  config?: TrailmarkConfig;
  /** The pull request that brought the commit (see `fetchChangeRecord`), for the deployment origin. */
  change?: { pullRequest?: number; url?: string };
}

/** One signed attestation and where it went. */
export interface SignedAttestation {
  kind: 'provenance' | 'sbom' | 'deployment-origin';
  predicateType: string;
  json: string;
  path?: string;
  pushed: { image: string; digest: string; via: 'referrers' | 'tag' }[];
  uploaded?: { id: number; url?: string };
}

/** The attestations produced and what was left out (with why). */
export interface AttestResult {
  attestations: SignedAttestation[];
  warnings: string[];
  /** The keyless endpoints used (instance and URLs), when signing keyless. */
  keyless?: KeylessEndpoints;
}

/** Builds, signs and publishes the release's attestations (docs/attest.md). */
export async function attest(options: AttestOptions): Promise<AttestResult> {
  const config = options.config ?? (await resolveConfig({ env: options.env }));
  const warnings: string[] = [...config.warnings];
  const upload = options.uploadGithub && uploadTarget(options.uploadGithub, config);
  // 1. The predicates' inputs, read first so a wrong path is named before anything else.
  const inputs = await readPredicateInputs(options);
  // 2. Subjects: images by digest, stamped manifests by content hash.
  const { facts } = await openRepository(options.cwd, warnings);
  const subjects = await readSubjects(
    options.images ?? [],
    options.manifests ?? [],
    options.cwd,
    facts?.root ?? options.cwd,
    warnings,
  );
  const all = [...subjects.images.map((image) => image.subject), ...subjects.files];
  if (all.length === 0)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'attest: no subjects (give --image REF@DIGEST or --manifests with digest-pinned images)',
    );
  // 3. The signer (the OIDC token, when keyless, also supplies the build's claims).
  const { bundler, claims, keyless } = await createBundler(options, config, warnings);
  // 4. Statements: provenance, SBOM, deployment origin — each only from facts that exist.
  const statements = buildStatements(
    options,
    config,
    inputs,
    all,
    subjects.images.map((image) => image.subject),
    claims,
    warnings,
  );
  if (statements.length === 0)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'attest: nothing to attest (give --origin and/or --sbom, or run in GitHub Actions for provenance)',
    );
  // 5. Sign, then write, push and upload.
  const attestations: SignedAttestation[] = [];
  for (const { kind, statement } of statements) {
    attestations.push({
      kind,
      predicateType: statement.predicateType,
      json: `${JSON.stringify(await signStatement(statement, bundler), null, 2)}\n`,
      pushed: [],
    });
  }
  await publishAttestations(
    attestations,
    subjects.images.map((image) => image.ref),
    options,
    config,
    upload,
  );
  return { attestations, warnings, ...(keyless ? { keyless } : {}) };
}

async function createBundler(
  options: AttestOptions,
  config: TrailmarkConfig,
  warnings: string[],
): Promise<{ bundler: Bundler; claims: IdentityClaims | undefined; keyless?: KeylessEndpoints }> {
  const signing = options.signing;
  if (signing.kind === 'key')
    return {
      bundler: (await readKeyBundler(resolve(options.cwd, signing.keyPath), signing.keyPath))
        .bundler,
      claims: undefined,
    };
  const identityToken = await resolveIdentityToken({
    identityToken: signing.identityToken,
    env: config.env,
  });
  const githubToken = options.githubToken ?? options.uploadGithub?.token ?? config.github.token;
  const keyless = await resolveKeylessEndpoints(signing, config, githubToken, warnings);
  const bundler = createKeylessBundler({
    identityToken,
    fulcioURL: keyless.fulcioURL,
    rekorURL: keyless.rekorURL,
    tsaServerURL: keyless.tsaURL,
  });
  return { bundler, claims: claimsOf(identityToken), keyless };
}

type Kind = SignedAttestation['kind'];

interface PredicateInputs {
  bom: object | undefined;
  records: OriginRecords | undefined;
}

async function readPredicateInputs(options: AttestOptions): Promise<PredicateInputs> {
  return {
    bom: options.sbom === undefined ? undefined : await readSbom(options.sbom, options.cwd),
    records:
      options.origin === undefined
        ? undefined
        : await readOriginRecords(options.origin, options.cwd),
  };
}

function buildStatements(
  options: AttestOptions,
  config: TrailmarkConfig,
  { bom, records }: PredicateInputs,
  all: Statement['subject'],
  images: Statement['subject'],
  claims: IdentityClaims | undefined,
  warnings: string[],
): { kind: Kind; statement: Statement }[] {
  const out: { kind: Kind; statement: Statement }[] = [];
  const context = githubBuildContext(config.github, claims);
  if (context)
    out.push({
      kind: 'provenance',
      statement: buildStatement(all, PREDICATE_TYPE.slsaProvenance, buildSlsaProvenance(context)),
    });
  else
    warnings.push(
      'SLSA provenance left out: it records a GitHub Actions run (GITHUB_* variables or an OIDC token), and there is none',
    );
  if (bom !== undefined) {
    out.push({
      kind: 'sbom',
      statement: buildStatement(
        images.length > 0 ? images : all,
        PREDICATE_TYPE.cyclonedx,
        buildSbomPredicate(bom),
      ),
    });
  }
  if (records !== undefined) {
    out.push({
      kind: 'deployment-origin',
      statement: buildStatement(
        all,
        PREDICATE_TYPE.deploymentOrigin,
        buildDeploymentOrigin(records, { change: options.change }),
      ),
    });
  }
  return out;
}

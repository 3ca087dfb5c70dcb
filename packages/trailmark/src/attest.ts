import { join, resolve } from 'node:path';
import {
  buildDeploymentOrigin,
  buildSbomPredicate,
  buildSlsaProvenance,
  buildStatement,
  bundleFileName,
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
import { createGithubClient } from '@trailmark/github';
import { createRegistryAttestationStore, type RegistryCredentials } from '@trailmark/oci';
import { githubBuildContext, readOriginRecords, readSbom, readSubjects } from './attest-inputs.js';
import { claimsOf, resolveIdentityToken, type IdentityClaims } from './oidc.js';
import { openRepository } from './open-repository.js';
import type { Environment } from './run-facts.js';
import { createKeylessBundler, readKeyBundler } from './signers.js';
import { writeFilesAtomic } from './write-output.js';

/** How to sign: a local key (air-gapped), or keyless through Fulcio with Rekor and/or a TSA. */
export type SigningOptions =
  | { kind: 'key'; keyPath: string }
  | {
      kind: 'keyless';
      identityToken?: string;
      fulcioUrl: string;
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
  /** Attach each bundle to each image in its registry. */
  pushOci?: { insecure?: boolean; credentials?: RegistryCredentials };
  /** Upload each bundle to the GitHub attestations API. */
  uploadGithub?: { token: string; apiUrl: string; repository: string };
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
}

/** Builds, signs and publishes the release's attestations (design.md §4). */
export async function attest(options: AttestOptions): Promise<AttestResult> {
  const warnings: string[] = [];
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
  const { bundler, claims } = await createBundler(options);
  // 4. Statements: provenance, SBOM, deployment origin — each only from facts that exist.
  const statements = buildStatements(
    options,
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
  await publish(
    attestations,
    subjects.images.map((image) => image.ref),
    options,
  );
  return { attestations, warnings };
}

async function createBundler(
  options: AttestOptions,
): Promise<{ bundler: Bundler; claims: IdentityClaims | undefined }> {
  const signing = options.signing;
  if (signing.kind === 'key')
    return {
      bundler: (await readKeyBundler(resolve(options.cwd, signing.keyPath), signing.keyPath))
        .bundler,
      claims: undefined,
    };
  const identityToken = await resolveIdentityToken({
    identityToken: signing.identityToken,
    env: options.env,
  });
  const bundler = createKeylessBundler({
    identityToken,
    fulcioURL: signing.fulcioUrl,
    rekorURL: signing.rekorUrl,
    tsaServerURL: signing.tsaUrl,
  });
  return { bundler, claims: claimsOf(identityToken) };
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
  { bom, records }: PredicateInputs,
  all: Statement['subject'],
  images: Statement['subject'],
  claims: IdentityClaims | undefined,
  warnings: string[],
): { kind: Kind; statement: Statement }[] {
  const out: { kind: Kind; statement: Statement }[] = [];
  const context = githubBuildContext(options.env, claims);
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

async function publish(
  attestations: SignedAttestation[],
  images: readonly string[],
  options: AttestOptions,
): Promise<void> {
  if (options.outDir !== undefined) {
    const outDir = options.outDir;
    const dir = resolve(options.cwd, outDir);
    for (const attestation of attestations)
      attestation.path = join(dir, bundleFileName(attestation.predicateType));
    await writeFilesAtomic(
      attestations.map((a) => ({
        path: a.path ?? '',
        content: a.json,
        shown: join(outDir, bundleFileName(a.predicateType)),
        expected: 'the attestation bundle (-o)',
      })),
    );
  }
  if (options.pushOci) {
    const store = createRegistryAttestationStore(options.pushOci);
    for (const attestation of attestations) {
      for (const image of images)
        attestation.pushed.push({
          image,
          ...(await store.pushBundle(image, attestation.json, attestation.predicateType)),
        });
    }
  }
  if (options.uploadGithub) {
    const { token, apiUrl, repository } = options.uploadGithub;
    const [owner = '', repo = ''] = repository.split('/');
    const client = createGithubClient({ token, baseUrl: apiUrl });
    for (const attestation of attestations)
      attestation.uploaded = await client.uploadAttestation(owner, repo, attestation.json);
  }
}

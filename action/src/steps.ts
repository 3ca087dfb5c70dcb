import { join, relative, resolve } from 'node:path';
import { TrailmarkError, foreignCause, type OriginRecords } from '@trailmark/core';
import {
  attest,
  describeKeylessEndpoints,
  fetchChangeRecord,
  sbom,
  stamp,
  writeFilesAtomic,
  type AttestErrorCode,
  type ChangeRecord,
  type SignedAttestation,
  type SigningOptions,
} from '@trailmark/trailmark';
import { expandGlobs } from './globs.js';
import { toPin, toSubject } from './images.js';
import type { ActionInputs } from './inputs.js';
import type { RunContext, RunDeps } from './main.js';

/** Where one run reads and writes: the working directory and the output directory, absolute. */
export interface Place {
  cwd: string;
  outDir: string;
}

/** What stamp wrote. */
export interface Stamped {
  paths: string[];
  originPath: string;
  records: OriginRecords;
}

/** What sbom wrote. */
export interface Inventoried {
  path: string;
  components: number;
}

/** The change record, or why there is none (no token, not in a GitHub Actions run). */
export async function changeStep(
  inputs: ActionInputs,
  { deps, config }: RunContext,
  warnings: string[],
): Promise<ChangeRecord | undefined> {
  const { repository, commit } = config.github;
  if (inputs.githubToken === undefined || repository === undefined || commit === undefined) {
    warnings.push(
      'change record left out: it needs github-token, GITHUB_REPOSITORY and GITHUB_SHA (a GitHub Actions run)',
    );
    return undefined;
  }
  const record = await fetchChangeRecord({
    repository,
    commit,
    github: { token: inputs.githubToken, apiUrl: config.github.apiUrl },
    event: config.github.event,
    ...(deps.githubRetries === undefined ? {} : { retries: deps.githubRetries }),
  });
  warnings.push(...record.warnings);
  return record;
}

/** Stamps the rendered manifests into `<output-dir>/manifests/` and writes `<output-dir>/origin.json`. */
export async function stampStep(
  inputs: ActionInputs,
  { config }: RunContext,
  place: Place,
  approvers: readonly string[],
  warnings: string[],
): Promise<Stamped> {
  const result = await stamp({
    inputs: await expandGlobs(inputs.manifests, place.cwd),
    cwd: place.cwd,
    env: config.env,
    values: inputs.values,
    images: inputs.images.map(toPin),
    approvers,
    annotations: inputs.annotations,
    ...(inputs.chart === undefined ? {} : { chart: inputs.chart }),
    ...(inputs.environment === undefined ? {} : { environment: inputs.environment }),
  });
  warnings.push(...result.warnings);
  const files = result.outputs.map(({ input, text }) => ({
    path: join(place.outDir, 'manifests', mirrorPath(place.cwd, input.path, input.relative)),
    content: text,
  }));
  const originPath = join(place.outDir, 'origin.json');
  await writeFilesAtomic([
    ...files,
    { path: originPath, content: `${JSON.stringify(result.records, null, 2)}\n` },
  ]);
  return { paths: files.map((file) => file.path), originPath, records: result.records };
}

/** Builds the SBOM (one per `sbom-paths` entry, merged into the first) as `<output-dir>/sbom.cdx.json`. */
export async function sbomStep(
  inputs: ActionInputs,
  { config }: RunContext,
  place: Place,
  manifests: readonly string[],
  warnings: string[],
): Promise<Inventoried> {
  const common = { cwd: place.cwd, env: config.env, config, images: inputs.images.map(toPin) };
  const [first = '.', ...others] = inputs.sbomPaths;
  // Extra directories become SBOMs of their own, folded into the first like merge-sboms.
  const parts: { path: string; content: string }[] = [];
  for (const [index, dir] of others.entries()) {
    const part = await sbom({ ...common, dir });
    warnings.push(...part.warnings);
    parts.push({
      path: join(place.outDir, 'sbom-parts', `${String(index + 1)}.cdx.json`),
      content: part.json,
    });
  }
  await writeFilesAtomic(parts);
  const result = await sbom({
    ...common,
    dir: first,
    manifests: await expandGlobs(manifests, place.cwd),
    merge: [...inputs.mergeSboms, ...parts.map((part) => part.path)],
    ...(inputs.chart === undefined ? {} : { chart: inputs.chart }),
  });
  warnings.push(...result.warnings);
  const path = join(place.outDir, 'sbom.cdx.json');
  await writeFilesAtomic([{ path, content: result.json }]);
  return { path, components: result.components };
}

/** Signs and publishes the attestations into `<output-dir>/attestations/`. */
export async function attestStep(
  inputs: ActionInputs,
  { deps, config }: RunContext,
  place: Place,
  what: {
    origin?: string;
    sbom?: string;
    manifests: readonly string[];
    change: ChangeRecord['change'];
  },
  warnings: string[],
): Promise<SignedAttestation[]> {
  const repository = config.github.repository;
  const result = await attest({
    cwd: place.cwd,
    env: config.env,
    config,
    ...(what.origin === undefined ? {} : { origin: what.origin }),
    ...(what.sbom === undefined ? {} : { sbom: what.sbom }),
    images: [...new Set(inputs.images.map(toSubject))],
    manifests: await expandGlobs(what.manifests, place.cwd),
    signing: await toSigningOptions(inputs.signing, deps.identityToken),
    ...(inputs.githubToken === undefined ? {} : { githubToken: inputs.githubToken }),
    outDir: join(place.outDir, 'attestations'),
    ...(inputs.pushToRegistry
      ? { pushOci: inputs.registry ? { credentials: inputs.registry } : {} }
      : {}),
    ...(inputs.uploadAttestations && inputs.githubToken !== undefined && repository !== undefined
      ? { uploadGithub: { token: inputs.githubToken, apiUrl: config.github.apiUrl, repository } }
      : {}),
    ...(what.change === undefined ? {} : { change: what.change }),
  });
  if (inputs.uploadAttestations && repository === undefined)
    warnings.push('attestations not uploaded: GITHUB_REPOSITORY is not set');
  warnings.push(...result.warnings);
  if (result.keyless) deps.runner.info(describeKeylessEndpoints(result.keyless));
  return result.attestations;
}

async function toSigningOptions(
  signing: ActionInputs['signing'],
  identityToken: RunDeps['identityToken'],
): Promise<SigningOptions> {
  switch (signing.kind) {
    case 'key':
      return { kind: 'key', keyPath: signing.keyPath };
    case 'keyless':
      return {
        kind: 'keyless',
        identityToken: await askToken(identityToken),
        ...(signing.fulcioUrl === undefined ? {} : { fulcioUrl: signing.fulcioUrl }),
        ...(signing.rekorUrl === undefined ? {} : { rekorUrl: signing.rekorUrl }),
        ...(signing.tsaUrl === undefined ? {} : { tsaUrl: signing.tsaUrl }),
      };
    case 'none':
      throw new Error('attest runs only when signing');
  }
}

// The runner's token endpoint failing (no `id-token: write`) is ATTEST_OIDC, not an internal error.
async function askToken(identityToken: RunDeps['identityToken']): Promise<string> {
  try {
    return await identityToken();
  } catch (err) {
    throw new TrailmarkError<AttestErrorCode>(
      'ATTEST_OIDC',
      'could not get an OIDC token from the runner: sign: keyless needs `permissions: id-token: write`',
      { cause: foreignCause(err) },
    );
  }
}

// A stamped file keeps its path under the working directory, so two `values.yaml` never collide.
function mirrorPath(cwd: string, path: string | undefined, fallback: string): string {
  if (path === undefined) return fallback;
  const rel = relative(cwd, resolve(path));
  return rel === '' || rel.startsWith('..') ? fallback : rel;
}

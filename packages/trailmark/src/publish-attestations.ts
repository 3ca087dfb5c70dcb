import { join, resolve } from 'node:path';
import { bundleFileName } from '@trailmark/attest';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { createGithubClient } from '@trailmark/github';
import { createRegistryAttestationStore } from '@trailmark/oci';
import type { AttestOptions, SignedAttestation } from './attest.js';
import type { TrailmarkConfig } from './config.js';
import { writeFilesAtomic } from './write-output.js';

/** Where an upload to the GitHub attestations API goes, and with which token. */
export interface UploadTarget {
  token: string;
  apiUrl: string;
  repository: string;
}

/** Token, API root and repository of the upload, each from the options else the config (`INPUT_USAGE` when missing). */
export function uploadTarget(
  given: NonNullable<AttestOptions['uploadGithub']>,
  config: TrailmarkConfig,
): UploadTarget {
  const token = given.token ?? config.github.token;
  const repository = given.repository ?? config.github.repository;
  if (!token)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'uploading to GitHub needs a token (GITHUB_TOKEN; the job needs `attestations: write`)',
    );
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'uploading to GitHub needs the repository as owner/repo (--github-repository or GITHUB_REPOSITORY)',
    );
  return { token, apiUrl: given.apiUrl ?? config.github.apiUrl, repository };
}

/** Writes each bundle to `outDir`, attaches it to each image, uploads it to GitHub: what was asked. */
export async function publishAttestations(
  attestations: SignedAttestation[],
  images: readonly string[],
  options: AttestOptions,
  config: TrailmarkConfig,
  upload: UploadTarget | undefined,
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
    const credentials = options.pushOci.credentials ?? config.registryCredentials;
    const store = createRegistryAttestationStore({
      ...options.pushOci,
      ...(credentials ? { credentials } : {}),
    });
    for (const attestation of attestations) {
      for (const image of images)
        attestation.pushed.push({
          image,
          ...(await store.pushBundle(image, attestation.json, attestation.predicateType)),
        });
    }
  }
  if (upload) {
    const { token, apiUrl, repository } = upload;
    const [owner = '', repo = ''] = repository.split('/');
    const client = createGithubClient({ token, baseUrl: apiUrl });
    for (const attestation of attestations)
      attestation.uploaded = await client.uploadAttestation(owner, repo, attestation.json);
  }
}

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { subjectFromFile, subjectFromImage, type GitHubBuildContext } from '@trailmark/attest';
import {
  IMAGE_PIN_DEPRECATED,
  TrailmarkError,
  containerImages,
  foreignCause,
  formatSchemaIssues,
  parseImagePin,
  parseImageRef,
  podSpecOf,
  type InputErrorCode,
  type OriginRecords,
  type Subject,
} from '@trailmark/core';
import { parseManifestStream } from '@trailmark/manifest';
import type { IdentityClaims } from './oidc.js';
import { toRepoPath } from './read-chart-tree.js';
import { readBytes, readText } from './read-file.js';
import type { GithubRun } from './config.js';
import { schemaValidator } from './schemas.js';

/** The subjects of a release: images by digest, stamped manifest files by content hash. */
export interface ReleaseSubjects {
  /** `registry/repository@sha256:…` of each image. */
  images: { ref: string; subject: Subject }[];
  files: Subject[];
}

/**
 * Subjects from `--image REF@DIGEST` and `--manifests FILE`; without `--image`, the images written
 * with a digest in the manifests. A digest that is not `sha256:<64 hex>` is an input error (exit 2).
 */
export async function readSubjects(
  images: readonly string[],
  manifests: readonly string[],
  cwd: string,
  repoRoot: string,
  warnings: string[] = [],
): Promise<ReleaseSubjects> {
  const files: Subject[] = [];
  const found = new Set(images);
  for (const path of manifests) {
    const absolute = resolve(cwd, path);
    const bytes = await readBytes(absolute, {
      path,
      expected: 'the stamped manifests (--manifests)',
    });
    files.push(
      subjectFromFile(
        toRepoPath(repoRoot, absolute),
        createHash('sha256').update(bytes).digest('hex'),
      ),
    );
    if (images.length === 0)
      for (const ref of pinnedImages(bytes.toString('utf8'), path)) found.add(ref);
  }
  const refs = [...new Set([...found].sort().map((ref) => imageWithDigest(ref, warnings)))];
  return {
    images: refs.map((ref) => ({ ref, subject: subjectFromImage(ref) })),
    files,
  };
}

function pinnedImages(text: string, name: string): string[] {
  const stream = parseManifestStream(text, name);
  return stream.documents
    .flatMap((doc) => doc.objects)
    .flatMap((object) => {
      const spec = podSpecOf(object.kind, object.value);
      return spec
        ? containerImages(spec)
            .map((c) => c.image)
            .filter((image) => image.includes('@sha256:'))
        : [];
    });
}

/** `registry/repository@digest` (tag dropped: the digest names the artifact). */
function imageWithDigest(value: string, warnings: string[]): string {
  const pin = parseImagePin(value);
  if (pin.deprecated) warnings.push(IMAGE_PIN_DEPRECATED);
  const parsed = parseImageRef(pin.ref);
  return `${parsed.registry}/${parsed.repository}@${pin.digest}`;
}

/** Reads `stamp --origin-out` records and checks them against their schema (exit 2 when not). */
export async function readOriginRecords(path: string, cwd: string): Promise<OriginRecords> {
  const value = await readJson(path, cwd, 'the origin records (--origin)');
  const issues = schemaValidator('origin-records.v1')(value);
  if (issues.length > 0)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `${path}: not origin records (${formatSchemaIssues(issues)})`,
    );
  return value as OriginRecords;
}

/** Reads a CycloneDX JSON SBOM (as `trailmark sbom` writes it). */
export async function readSbom(path: string, cwd: string): Promise<object> {
  const value = await readJson(path, cwd, 'the SBOM (--sbom)');
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { bomFormat?: unknown }).bomFormat !== 'CycloneDX'
  ) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `${path}: not a CycloneDX JSON SBOM (no "bomFormat": "CycloneDX")`,
    );
  }
  return value;
}

async function readJson(path: string, cwd: string, expected: string): Promise<unknown> {
  const text = await readText(resolve(cwd, path), { path, expected });
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new TrailmarkError<InputErrorCode>('INPUT_INVALID', `${path}: not JSON`, {
      cause: foreignCause(cause),
    });
  }
}

/**
 * The GitHub build context for SLSA provenance: the OIDC token's claims when signing keyless,
 * else GitHub Actions' variables. Undefined outside GitHub Actions — provenance is then left out
 * rather than made up.
 */
export function githubBuildContext(
  github: GithubRun,
  claims: IdentityClaims | undefined,
): GitHubBuildContext | undefined {
  const c = (claims ?? {}) as Record<string, unknown>;
  const pick = (claim: string, fallback: string | undefined): string | undefined =>
    typeof c[claim] === 'string' ? c[claim] : fallback;
  const context = {
    serverUrl: github.serverUrl,
    repository: pick('repository', github.repository),
    repositoryId: pick('repository_id', github.repositoryId),
    repositoryOwnerId: pick('repository_owner_id', github.repositoryOwnerId),
    ref: pick('ref', github.ref),
    sha: pick('sha', github.commit),
    eventName: pick('event_name', github.eventName),
    workflowRef: pick('workflow_ref', github.workflowRef),
    jobWorkflowRef: pick('job_workflow_ref', github.workflowRef),
    runnerEnvironment: pick('runner_environment', github.runnerEnvironment),
    runId: pick('run_id', github.runId),
    runAttempt: pick('run_attempt', github.runAttempt),
  };
  return Object.values(context).every((value) => value !== undefined && value !== '')
    ? (context as GitHubBuildContext)
    : undefined;
}

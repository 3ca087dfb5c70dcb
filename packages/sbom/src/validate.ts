import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { SchemaIssue } from '@trailmark/core';
import { SbomError } from './error.js';

/** Validates CycloneDX JSON text; resolves to `[]` when valid. Rejects only when it cannot validate. */
export type BomValidator = (json: string) => Promise<SchemaIssue[]>;

/** CycloneDX versions with a JSON schema in the library (merge inputs may be older than output). */
const VERSIONS: readonly Spec.Version[] = [
  Spec.Version.v1dot2,
  Spec.Version.v1dot3,
  Spec.Version.v1dot4,
  Spec.Version.v1dot5,
  Spec.Version.v1dot6,
  Spec.Version.v1dot7,
];

// One validator per version for the life of the process: the library compiles the official
// schema with ajv on first use (0.4–0.7 s) and caches it inside the instance.
const validators = new Map<string, Validation.JsonStrictValidator>();

/**
 * A validator against the official CycloneDX JSON schema of `spec` (strict variant), backed by
 * one shared compiled instance per version. A failed validation is a returned list of issues;
 * an unsupported version throws `SBOM_UNSUPPORTED_VERSION`.
 */
export function createBomValidator(spec: string): BomValidator {
  const version = VERSIONS.find((known) => known.valueOf() === spec);
  if (version === undefined)
    throw new SbomError('SBOM_UNSUPPORTED_VERSION', `no CycloneDX JSON schema for version ${spec}`);
  let validator = validators.get(version);
  if (validator === undefined) {
    validator = new Validation.JsonStrictValidator(version);
    validators.set(version, validator);
  }
  const shared = validator;
  return async (json) => toIssues(await shared.validate(json));
}

interface AjvLikeError {
  instancePath?: unknown;
  message?: unknown;
  keyword?: unknown;
  params?: unknown;
}

function toIssues(result: unknown): SchemaIssue[] {
  if (result === null || result === undefined) return [];
  const errors: unknown[] = Array.isArray(result) ? result : [result];
  return errors.map((error) => {
    const { instancePath, message, keyword, params } = (error ?? {}) as AjvLikeError;
    const pointer = typeof instancePath === 'string' && instancePath !== '' ? instancePath : '/';
    const text =
      typeof message === 'string' ? message : typeof keyword === 'string' ? keyword : 'invalid';
    const extra =
      params !== undefined && keyword === 'additionalProperties'
        ? ` ${JSON.stringify(params)}`
        : '';
    return { pointer, message: `${text}${extra}` };
  });
}

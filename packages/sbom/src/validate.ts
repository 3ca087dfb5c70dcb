import type { CompiledSchema, SchemaIssue } from '@trailmark/core';
import { SbomError } from './error.js';

/** Validates CycloneDX JSON text; resolves to `[]` when valid. Rejects only when it cannot validate. */
export type BomValidator = (json: string) => Promise<SchemaIssue[]>;

// The official CycloneDX JSON schema of each version (the strict variant, as the library's
// JsonStrictValidator picks it), precompiled at build time to ajv standalone code
// (packages/cli/scripts/build-validators.mjs). Merge inputs may be older than the output; each
// version's code is loaded only when a document of that version is checked.
const COMPILED: Readonly<Record<string, () => Promise<{ validate: CompiledSchema }>>> = {
  '1.2': () => import('./generated/bom-1.2.js'),
  '1.3': () => import('./generated/bom-1.3.js'),
  '1.4': () => import('./generated/bom-1.4.js'),
  '1.5': () => import('./generated/bom-1.5.js'),
  '1.6': () => import('./generated/bom-1.6.js'),
  '1.7': () => import('./generated/bom-1.7.js'),
};

/**
 * Starts loading the precompiled validator of `spec` (if there is one) without waiting for it, so
 * that the load overlaps other work (a CLI waiting on git, reading files); a later
 * {@link createBomValidator} of the same version finds it loaded. Never throws: a failed load
 * surfaces when the validator runs.
 */
export function preloadBomValidator(spec: string): void {
  if (Object.hasOwn(COMPILED, spec)) COMPILED[spec]?.().catch(() => undefined);
}

/**
 * A validator against the official CycloneDX JSON schema of `spec` (strict variant). A failed
 * validation is a returned list of issues; an unsupported version throws `SBOM_UNSUPPORTED_VERSION`.
 */
export function createBomValidator(spec: string): BomValidator {
  const load = Object.hasOwn(COMPILED, spec) ? COMPILED[spec] : undefined;
  if (load === undefined)
    throw new SbomError('SBOM_UNSUPPORTED_VERSION', `no CycloneDX JSON schema for version ${spec}`);
  return async (json) => {
    const { validate } = await load();
    return validate(JSON.parse(json)) ? [] : toIssues(validate.errors);
  };
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

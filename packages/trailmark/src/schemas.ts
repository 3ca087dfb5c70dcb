import { schemaValidatorOf, type SchemaValidator } from '@trailmark/core';
import { assetDir } from './assets.js';
import { SCHEMA_VALIDATORS } from './generated/schema-validators.js';

/** Directory of the JSON Schemas, the contract of every document trailmark reads or writes. */
export const SCHEMAS_DIR = assetDir('schemas');

/** Names of the schema files in {@link SCHEMAS_DIR}. */
export type SchemaName =
  | 'origin-records.v1'
  | 'provenance-annotation.v1'
  | 'deployment-origin.v1'
  | 'in-toto-statement.v1'
  | 'slsa-provenance.v1'
  | 'verify-report.v1'
  | 'cluster-snapshot.v1'
  | 'verify-policy.v1'
  | 'incident.v1'
  | 'trace-result.v1'
  | 'serve-config.v1';

const cache = new Map<SchemaName, SchemaValidator>();

/**
 * The validator for one of trailmark's schemas: precompiled at build time (ajv standalone code,
 * packages/cli/scripts/build-validators.mjs), so nothing is compiled at run time.
 */
export function schemaValidator(name: SchemaName): SchemaValidator {
  let validator = cache.get(name);
  if (!validator) {
    const compiled = SCHEMA_VALIDATORS[name];
    if (compiled === undefined) throw new Error(`no precompiled validator for schema ${name}`);
    validator = schemaValidatorOf(compiled);
    cache.set(name, validator);
  }
  return validator;
}

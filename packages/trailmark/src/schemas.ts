import { readFileSync } from 'node:fs';
import { createSchemaValidator, type SchemaValidator } from '@trailmark/core';
import { assetDir, assetPath } from './assets.js';

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

const SHARED = ['origin-defs.v1'];
// Schemas that `$ref` others beyond the shared definitions.
const REFERENCES: Partial<Record<SchemaName, readonly SchemaName[]>> = {
  'incident.v1': ['verify-report.v1'],
  'trace-result.v1': ['verify-report.v1', 'incident.v1'],
};
const cache = new Map<SchemaName, SchemaValidator>();

/** A compiled validator for one of trailmark's schemas (compiled once per process). */
export function schemaValidator(name: SchemaName): SchemaValidator {
  let validator = cache.get(name);
  if (!validator) {
    const referenced = [...SHARED, ...(REFERENCES[name] ?? [])];
    validator = createSchemaValidator(readSchema(name), referenced.map(readSchema));
    cache.set(name, validator);
  }
  return validator;
}

function readSchema(name: string): object {
  return JSON.parse(readFileSync(assetPath('schemas', `${name}.schema.json`), 'utf8')) as object;
}

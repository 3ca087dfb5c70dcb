import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSchemaValidator, type SchemaValidator } from '@trailmark/core';
import { REPO_ROOT } from '@trailmark/testing';

const read = (name: string): object =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as object;

/** The validator of `schemas/verify-report.v1.schema.json`, as the facade compiles it. */
export function verifyReportValidator(): SchemaValidator {
  return createSchemaValidator(read('verify-report.v1'), [read('origin-defs.v1')]);
}

/** The validator of `schemas/incident.v1.schema.json`, as the facade compiles it. */
export function incidentValidator(): SchemaValidator {
  return createSchemaValidator(read('incident.v1'), [
    read('origin-defs.v1'),
    read('verify-report.v1'),
  ]);
}

/** The validator of `schemas/trace-result.v1.schema.json`, as the facade compiles it. */
export function traceResultValidator(): SchemaValidator {
  return createSchemaValidator(read('trace-result.v1'), [
    read('origin-defs.v1'),
    read('verify-report.v1'),
    read('incident.v1'),
  ]);
}

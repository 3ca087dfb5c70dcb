import { PREDICATE_TYPE, formatSchemaIssues } from '@trailmark/core';
import type { PredicateValidator } from '@trailmark/verify';
import { schemaValidator, type SchemaName } from './schemas.js';

/** The predicate types trailmark has a schema for, and the schema. */
const SCHEMA_OF: Readonly<Record<string, SchemaName>> = {
  [PREDICATE_TYPE.deploymentOrigin]: 'deployment-origin.v1',
  [PREDICATE_TYPE.slsaProvenance]: 'slsa-provenance.v1',
};

/**
 * The validator `verifyAttestations` takes: deployment-origin and SLSA provenance predicates
 * against `schemas/` (compiled once per process); other predicate types pass unchecked.
 */
export function createPredicateValidator(): PredicateValidator {
  return (predicateType, predicate) => {
    const name = SCHEMA_OF[predicateType];
    if (name === undefined) return [];
    const issues = schemaValidator(name)(predicate);
    return issues.length === 0 ? [] : [formatSchemaIssues(issues)];
  };
}

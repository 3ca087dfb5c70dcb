/** One schema violation, with the JSON pointer of the offending value. */
export interface SchemaIssue {
  pointer: string;
  message: string;
}

/** Validates documents against one JSON Schema (2020-12). A failed validation is a value. */
export type SchemaValidator = (document: unknown) => SchemaIssue[];

/** One error of a compiled (ajv) validation function, the fields trailmark reads. */
export interface CompiledSchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: unknown;
}

/**
 * A validation function compiled from a JSON Schema, as ajv's standalone code exports it (the
 * build precompiles every schema the CLI checks): true when valid, else `errors` is set.
 */
export interface CompiledSchema {
  (document: unknown): boolean;
  errors?: readonly CompiledSchemaError[] | null;
}

/** A {@link SchemaValidator} over a precompiled validation function. */
export function schemaValidatorOf(compiled: CompiledSchema): SchemaValidator {
  return (document) => (compiled(document) ? [] : (compiled.errors ?? []).map(toIssue));
}

function toIssue(error: CompiledSchemaError): SchemaIssue {
  return {
    pointer: error.instancePath === '' ? '/' : error.instancePath,
    message: error.message ?? error.keyword,
  };
}

/** One line naming the first few issues, for error messages. */
export function formatSchemaIssues(issues: readonly SchemaIssue[], limit = 3): string {
  const shown = issues.slice(0, limit).map((issue) => `${issue.pointer} ${issue.message}`);
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : '';
  return shown.join('; ') + more;
}

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** One schema violation, with the JSON pointer of the offending value. */
export interface SchemaIssue {
  pointer: string;
  message: string;
}

/** Validates documents against one JSON Schema (2020-12). A failed validation is a value. */
export type SchemaValidator = (document: unknown) => SchemaIssue[];

/**
 * Compiles a JSON Schema 2020-12 document (strict mode, formats on). Compile once and reuse:
 * compiling is the expensive part.
 */
export function createSchemaValidator(
  schema: object,
  referenced: readonly object[] = [],
): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const extra of referenced) ajv.addSchema(extra);
  const validate: ValidateFunction = ajv.compile(schema);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map(toIssue));
}

function toIssue(error: ErrorObject): SchemaIssue {
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

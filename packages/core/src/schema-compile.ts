import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemaValidatorOf, type SchemaValidator } from './schema.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * Compiles a JSON Schema 2020-12 document at run time (strict mode, formats on), for tests and
 * tools; the CLI's schemas are precompiled at build time instead (see {@link schemaValidatorOf}).
 * Compile once and reuse: compiling is the expensive part.
 */
export function createSchemaValidator(
  schema: object,
  referenced: readonly object[] = [],
): SchemaValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  for (const extra of referenced) ajv.addSchema(extra);
  const validate: ValidateFunction = ajv.compile(schema);
  return schemaValidatorOf(validate);
}

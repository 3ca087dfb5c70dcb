export { stamp } from './stamp.js';
export type { StampOptions, StampResult } from './stamp.js';
export type { ManifestInput } from './read-inputs.js';
export type { Environment, RunFlags } from './run-facts.js';
export { SCHEMAS_DIR, schemaValidator } from './schemas.js';
export type { SchemaName } from './schemas.js';
export { writeFilesAtomic } from './write-output.js';
export type { GitErrorCode } from '@trailmark/git';
export type { ManifestErrorCode } from '@trailmark/manifest';

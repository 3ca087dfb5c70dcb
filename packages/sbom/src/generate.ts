// `@trailmark/sbom/generate`: what turning a project into an SBOM needs, and nothing else. The
// package index also exports every reader statically; a short-lived CLI process imports this
// entry instead, so that only the reader of each lockfile's format is loaded (on demand).
export { buildBom } from './bom.js';
export type { BuildBomInput, MetadataComponentInput } from './bom.js';
export type { ExtraComponent } from './bom-collect.js';
export type { Lockfile, LockPackage } from './lockfile.js';
export { mergeBoms } from './merge.js';
export { lockfileFormat } from './readers/format.js';
export { parsePackageManifest } from './readers/manifest.js';
export type { PackageManifest, ReaderOptions } from './readers/manifest.js';
export { readLockfileOnDemand } from './readers/on-demand.js';
export { DEFAULT_SPEC_VERSION, serializeBom } from './serialize.js';
export type { BomSpecVersion } from './serialize.js';
export { createBomValidator, preloadBomValidator } from './validate.js';
export { summarizeWarnings } from './warnings.js';

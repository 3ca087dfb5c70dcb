export { buildBom } from './bom.js';
export type { BuildBomInput, MetadataComponentInput } from './bom.js';
export type { ExtraComponent } from './bom-collect.js';
export type { ComponentKind } from './bom-draft.js';
export { chartComponents, imageComponents } from './deployment.js';
export type { ChartInput, ImageInput } from './deployment.js';
export { SbomError } from './error.js';
export type { SbomErrorCode } from './error.js';
export type {
  HashAlgorithm,
  Lockfile,
  LockfileReader,
  LockfileWarning,
  LockPackage,
  PackageHash,
  WarningKind,
} from './lockfile.js';
export { mergeBoms } from './merge.js';
export type { MergeOptions } from './merge.js';
export { purlKey } from './purl-key.js';
export { readCargoLockfile } from './readers/cargo.js';
export { readLockfile } from './readers/detect.js';
export { lockfileFormat } from './readers/format.js';
export { readLockfileOnDemand } from './readers/on-demand.js';
export { readGoModules } from './readers/go.js';
export { parsePackageManifest } from './readers/manifest.js';
export type { PackageManifest, ReaderOptions } from './readers/manifest.js';
export { readNpmLockfile } from './readers/npm.js';
export { readPnpmLockfile } from './readers/pnpm.js';
export { readPoetryLockfile } from './readers/poetry.js';
export { readRequirements } from './readers/requirements.js';
export { readUvLockfile } from './readers/uv.js';
export { readYarnBerryLockfile } from './readers/yarn-berry.js';
export { readYarnClassicLockfile } from './readers/yarn-classic.js';
export { DEFAULT_SPEC_VERSION, serializeBom } from './serialize.js';
export type { BomSpecVersion } from './serialize.js';
export { createBomValidator, preloadBomValidator } from './validate.js';
export { formatWarning, summarizeWarnings } from './warnings.js';
export type { WarningSummary } from './warnings.js';
export type { BomValidator } from './validate.js';

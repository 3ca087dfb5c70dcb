export { buildStatement } from './build-statement.js';
export { buildSbomPredicate } from './cyclonedx-predicate.js';
export type { CycloneDxBom } from './cyclonedx-predicate.js';
export { buildDeploymentOrigin } from './deployment-origin.js';
export type { DeploymentOriginExtra } from './deployment-origin.js';
export { AttestError } from './error.js';
export type { AttestErrorCode } from './error.js';
export { STATEMENT_SIZE_LIMIT, checkPredicateSize, statementSize } from './predicate-size.js';
export { GITHUB_WORKFLOW_BUILD_TYPE, buildSlsaProvenance } from './slsa.js';
export type { GitHubBuildContext, SlsaProvenance } from './slsa.js';
export { normalizeSubjects, subjectFromFile, subjectFromImage } from './subjects.js';

// signing (sign.ts, sign-file-name.ts)
export { signStatement } from './sign.js';
export type { Bundler } from './sign.js';
export { bundleFileName } from './sign-file-name.js';

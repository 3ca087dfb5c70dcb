// What on-demand.ts imports for the YAML formats (the `yaml` and `@yarnpkg/parsers` libraries).
// Imported dynamically only (see plain.ts).
export { readPnpmLockfile } from '../pnpm.js';
export { readYarnBerryLockfile } from '../yarn-berry.js';

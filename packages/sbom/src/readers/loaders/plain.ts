// What on-demand.ts imports for the formats that need no parser library. A module that is
// imported dynamically only, never statically: a bundler keeps each such target, with all it
// imports, out of the chunks of code that does not ask for it.
export { readGoPair } from '../go-pair.js';
export { readNpmLockfile } from '../npm.js';
export { readRequirements } from '../requirements.js';
export { readYarnClassicLockfile } from '../yarn-classic.js';

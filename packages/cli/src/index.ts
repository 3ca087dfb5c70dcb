export { main } from './main.js';
export type { CliIo } from './io.js';
export { EXIT, EXIT_CODE_OF, exitCodeOf } from './exit-codes.js';
export type { ErrorCode, ExitCode } from './exit-codes.js';

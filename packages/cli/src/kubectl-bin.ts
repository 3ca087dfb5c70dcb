import { main } from './main.js';
import { processIo } from './process-io.js';

// `kubectl trailmark …`: kubectl finds `kubectl-trailmark` on the PATH and runs it with the
// arguments after `trailmark` (kubectl plugin conventions); the commands are trailmark's own.
process.exitCode = await main(process.argv.slice(2), processIo(), 'kubectl trailmark');

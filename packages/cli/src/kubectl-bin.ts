import { enableCompileCache } from './compile-cache.js';
import { fastPath } from './fast-path.js';
import { preloadCommand } from './preload.js';

// `kubectl trailmark …`: kubectl finds `kubectl-trailmark` on the PATH and runs it with the
// arguments after `trailmark` (kubectl plugin conventions); the commands are trailmark's own.
const argv = process.argv.slice(2);
const quick = fastPath(argv, (text) => process.stdout.write(text));
if (quick !== undefined) process.exitCode = quick;
else {
  enableCompileCache();
  preloadCommand(argv);
  const [{ main }, { processIo }] = await Promise.all([
    import('./main.js'),
    import('./process-io.js'),
  ]);
  process.exitCode = await main(argv, processIo(), 'kubectl trailmark');
}

import { enableCompileCache } from './compile-cache.js';
import { fastPath } from './fast-path.js';
import { preloadCommand } from './preload.js';

// `--version` is answered here; everything else loads the command table (a separate chunk).
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
  process.exitCode = await main(argv, processIo());
}

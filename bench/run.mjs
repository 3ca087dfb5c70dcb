// Runs every benchmark (bench/*.mjs except this file) in sequence, each in its own Node process.
// `pnpm run bench` builds first (`tsc -b`): the benchmarks import the built packages.
// A failing benchmark does not stop the others; the exit code is 1 if any failed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.mjs') && name !== self)
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

const failed = [];
for (const name of benches) {
  console.error(`\n== bench/${name}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(here, name)], { stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 0) console.error(`== bench/${name}: done in ${seconds} s`);
  else {
    failed.push(name);
    console.error(
      `== bench/${name}: FAILED (${run.error?.message ?? `exit ${run.status ?? run.signal}`}) after ${seconds} s`,
    );
  }
}
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${benches.length} benchmarks failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}

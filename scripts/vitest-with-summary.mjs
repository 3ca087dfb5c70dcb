// Runs the whole vitest suite with coverage, then always ends with one plain line
// "Tests: N passed, N failed, N skipped" — also when tests fail or vitest itself stops early.
// The exit code is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const REPORT = 'coverage/vitest.json';
// vitest's own entry point, so the script also runs outside `pnpm test` (no node_modules/.bin on PATH).
const VITEST = join(
  dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);
rmSync(REPORT, { force: true });
const vitest = spawnSync(
  process.execPath,
  [
    VITEST,
    'run',
    '--coverage',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
if (vitest.error) console.error(`could not start vitest: ${vitest.error.message}`);

if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(
    `Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped` +
      (report.success ? '' : ' (the run did not succeed: see above)'),
  );
  process.exitCode = vitest.status === 0 && report.success && report.numFailedTests === 0 ? 0 : 1;
} else {
  console.log('Tests: no report (vitest stopped before writing one: see above)');
  process.exitCode = 1;
}

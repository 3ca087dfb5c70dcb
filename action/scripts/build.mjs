// Bundles the Action into one ESM file, action/dist/index.js, and copies the runtime files the
// bundle reads from disk (CycloneDX's JSON schemas) to action/res/schema/.
//
//   node action/scripts/build.mjs                 # writes action/dist and action/res
//   node action/scripts/build.mjs --outdir DIR    # writes DIR/dist and DIR/res (the staleness test)
//
// The workspace packages are bundled from their TypeScript sources (the `source` export
// condition), so the result does not depend on an earlier `tsc -b`. The trailmark assets
// (schemas/, packages/trailmark/trust/, its package.json) are not copied: the bundle finds them in
// the repository checkout (packages/trailmark/src/assets.ts), which `uses:` always provides.
import { copyFile, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ACTION = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(ACTION, '..');

const at = process.argv.indexOf('--outdir');
const outdir = at === -1 ? ACTION : resolve(process.argv[at + 1] ?? '');

// @actions/core and the CJS libraries expect require/__dirname; an ESM bundle defines them once.
const banner = [
  "import { createRequire as __trailmarkCreateRequire } from 'node:module';",
  "import { fileURLToPath as __trailmarkFileURLToPath } from 'node:url';",
  "import { dirname as __trailmarkDirname } from 'node:path';",
  'const require = __trailmarkCreateRequire(import.meta.url);',
  'const __filename = __trailmarkFileURLToPath(import.meta.url);',
  'const __dirname = __trailmarkDirname(__filename);',
].join('\n');

await rm(join(outdir, 'dist'), { recursive: true, force: true });
await rm(join(outdir, 'res'), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: [join(ACTION, 'src/index.ts')],
  outfile: join(outdir, 'dist/index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['source'],
  // CycloneDX's optional XML serializers: never loaded (trailmark writes JSON).
  external: ['libxmljs2', 'xmlbuilder2'],
  define: { TRAILMARK_BUNDLED: 'true' },
  banner: { js: banner },
  legalComments: 'eof',
  // As the CLI's package (packages/cli/scripts/build.mjs): names kept for stack traces, but no
  // whitespace or redundant syntax: the precompiled CycloneDX validators of every version (merge
  // inputs may be any of them) are most of the bundle, and Node parses all of it on every run.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// CycloneDX reads its schemas at run time from `<dir of the module>/../res/schema`.
const sbomRequire = createRequire(join(ROOT, 'packages/sbom/package.json'));
let cyclonedx = dirname(sbomRequire.resolve('@cyclonedx/cyclonedx-library'));
while (
  !(await readFile(join(cyclonedx, 'package.json'), 'utf8').then(
    (text) => JSON.parse(text).name === '@cyclonedx/cyclonedx-library',
    () => false,
  ))
) {
  cyclonedx = dirname(cyclonedx);
}
const schemaDir = join(cyclonedx, 'res/schema');
await mkdir(join(outdir, 'res/schema'), { recursive: true });
for (const name of (await readdir(schemaDir))
  .filter((file) => file.endsWith('.schema.json'))
  .sort()) {
  await copyFile(join(schemaDir, name), join(outdir, 'res/schema', name));
}

// Builds the npm package `trailmark` into packages/cli/pkg/ — what `node_modules/.bin/trailmark`
// runs in this repository, what the e2e tests run, and what `npm pack packages/cli/pkg` publishes:
//
//   pkg/package.json   name trailmark, bin, files, engines; dependencies: only native externals used
//   pkg/dist/          one ESM esbuild bundle, split: the entry chunks (trailmark.js,
//                      kubectl-trailmark.js) hold commander and the command definitions; each
//                      command's work (and each CycloneDX version's validator) is a chunk loaded by
//                      dynamic import when that command runs
//   pkg/schemas/       trailmark's JSON Schemas (the contract of every document it writes)
//   pkg/trust/         the bundled Sigstore trusted roots
//
//   node packages/cli/scripts/build.mjs              validators, then the package
//   node packages/cli/scripts/build.mjs --no-validators   the package only (validators already built)
//
// The workspace packages are bundled from their TypeScript sources (the `source` condition), so
// the package does not depend on `tsc -b`; the precompiled schema validators must exist first
// (build-validators.mjs, run here unless --no-validators).
import { chmod, copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, buildValidators } from './build-validators.mjs';

const CLI = join(ROOT, 'packages/cli');
const PKG = join(CLI, 'pkg');

/** Never bundled. Optional ones are never loaded by trailmark (or only inside a try). */
const OPTIONAL_EXTERNALS = ['libxmljs2', 'xmlbuilder2', 'pg-native'];
/** Native modules: bundling cannot carry their binaries; when imported they become dependencies. */
const NATIVE_EXTERNALS = ['better-sqlite3'];

// CommonJS libraries in the bundle expect require/__filename/__dirname; each ESM chunk defines them.
const BANNER = [
  '#!/usr/bin/env node',
  "import { createRequire as __trailmarkCreateRequire } from 'node:module';",
  "import { fileURLToPath as __trailmarkFileURLToPath } from 'node:url';",
  "import { dirname as __trailmarkDirname } from 'node:path';",
  'const require = __trailmarkCreateRequire(import.meta.url);',
  'const __filename = __trailmarkFileURLToPath(import.meta.url);',
  'const __dirname = __trailmarkDirname(__filename);',
].join('\n');

/**
 * @cyclonedx/cyclonedx-library loads its optional ajv JSON validator (ajv, ajv-formats,
 * ajv-formats-draft2019 and their dependencies) when it is imported. trailmark validates with its
 * own precompiled validators and never calls the library's, so the bundle leaves that plugin out:
 * the library's JSON validator classes then report "No JsonValidator available" if ever called.
 */
const withoutCycloneDxJsonValidator = {
  name: 'without-cyclonedx-json-validator',
  setup(builder) {
    const plugin =
      /@cyclonedx[/\\]cyclonedx-library[/\\]dist\.node[/\\]_optPlug\.node[/\\]jsonValidator\.js$/;
    builder.onLoad({ filter: plugin }, () => ({
      contents:
        "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\n" +
        "exports.default = require('./_wrapper').default('JsonValidator', []);\n",
      loader: 'js',
    }));
  },
};

/** Builds packages/cli/pkg from scratch (into a temp dir, then renamed into place). */
export async function buildPackage() {
  const temp = `${PKG}.${process.pid}.tmp`;
  await rm(temp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      trailmark: join(CLI, 'src/bin.ts'),
      'kubectl-trailmark': join(CLI, 'src/kubectl-bin.ts'),
    },
    outdir: join(temp, 'dist'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['source'],
    external: [...OPTIONAL_EXTERNALS, ...NATIVE_EXTERNALS],
    define: { TRAILMARK_PACKAGE: 'true' },
    banner: { js: BANNER },
    chunkNames: 'chunk-[name]-[hash]',
    legalComments: 'eof',
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    plugins: [withoutCycloneDxJsonValidator],
    logLevel: 'warning',
  });
  const version = JSON.parse(
    await readFile(join(ROOT, 'packages/trailmark/package.json'), 'utf8'),
  ).version;
  const manifest = {
    name: 'trailmark',
    version,
    description:
      'Make every Kubernetes object attributable: stamp manifests with file, line, owners and change record; SBOMs, signed attestations, cluster verification and incident tracing.',
    license: 'Apache-2.0',
    type: 'module',
    bin: { trailmark: 'dist/trailmark.js', 'kubectl-trailmark': 'dist/kubectl-trailmark.js' },
    files: ['dist', 'schemas', 'trust'],
    // The bundled libraries' own floors: @cyclonedx/cyclonedx-library >=20.18, sigstore ^20.17.
    engines: { node: '>=20.19' },
    dependencies: await nativeDependencies(usedExternals(result.metafile)),
  };
  await writeFile(join(temp, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(temp, 'README.md'), await packageReadme(version));
  await copyMatching(join(ROOT, 'schemas'), join(temp, 'schemas'), (n) => n.endsWith('.json'));
  await copyMatching(
    join(ROOT, 'packages/trailmark/trust'),
    join(temp, 'trust'),
    (n) => n.endsWith('.json') || n === 'README.md',
  );
  for (const entry of ['trailmark.js', 'kubectl-trailmark.js'])
    await chmod(join(temp, 'dist', entry), 0o755);
  await rm(PKG, { recursive: true, force: true });
  await rename(temp, PKG);
  return { dir: PKG, version, outputs: Object.keys(result.metafile.outputs).length };
}

/** Bare module names the bundle still imports at run time (externals), node builtins aside. */
function usedExternals(metafile) {
  const used = new Set();
  for (const output of Object.values(metafile.outputs))
    for (const imported of output.imports)
      if (imported.external && !imported.path.startsWith('node:')) used.add(imported.path);
  return used;
}

/** The native externals the bundle imports, at the versions of pnpm-workspace.yaml's catalog. */
async function nativeDependencies(used) {
  const workspace = await readFile(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  // Only the `catalog:` section's lines (indented under it) hold versions; `allowBuilds:` has booleans.
  const lines = workspace.split('\n');
  const start = lines.findIndex((text) => text.startsWith('catalog:'));
  const end = lines.findIndex((text, index) => index > start && /^\S/.test(text));
  const catalog = lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
  const dependencies = {};
  for (const name of NATIVE_EXTERNALS) {
    if (![...used].some((path) => path === name || path.startsWith(`${name}/`))) continue;
    const line = catalog
      .split('\n')
      .find((text) => text.trim().startsWith(`${name}:`) || text.trim().startsWith(`'${name}':`));
    if (line === undefined)
      throw new Error(`${name} is imported but has no version in the catalog`);
    dependencies[name] = line.split(':').slice(1).join(':').trim();
  }
  return dependencies;
}

async function copyMatching(from, to, keep) {
  await mkdir(to, { recursive: true });
  for (const name of (await readdir(from)).filter(keep).sort())
    await copyFile(join(from, name), join(to, name));
}

async function packageReadme(version) {
  return [
    `# trailmark ${version}`,
    '',
    'Make every Kubernetes object attributable: file, line, owners, change record and signed',
    'evidence. One self-contained CLI (Node.js 20.19 or later); `kubectl trailmark` works too.',
    '',
    '```sh',
    'npx trailmark --help',
    'npx trailmark stamp rendered.yaml --chart charts/app -o stamped/',
    'npx trailmark sbom . -o sbom.cdx.json',
    '```',
    '',
    '`schemas/` holds the JSON Schemas of every document trailmark writes; `trust/` the Sigstore',
    'trusted roots `bundle verify-bundle` uses by default.',
    '',
  ].join('\n');
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  if (!process.argv.includes('--no-validators')) await buildValidators();
  const built = await buildPackage();
  console.error(`trailmark ${built.version}: ${built.dir} (${built.outputs} files in dist)`);
}

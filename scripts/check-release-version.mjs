// Release guard: every package.json of the repository (root workspace packages and the Action)
// carries one version, and the tag being released (vX.Y.Z) names it. Used by the release workflow;
// run by hand before tagging: `node scripts/check-release-version.mjs v1.4.2`.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const tag = process.argv[2] ?? '';
const problems = [];

const match = /^v(\d+)\.(\d+)\.(\d+)$/.exec(tag);
if (!match) problems.push(`"${tag}" is not a release tag of the form vX.Y.Z`);

const manifests = [
  ...readdirSync(join(ROOT, 'packages')).map((name) => join('packages', name, 'package.json')),
  join('action', 'package.json'),
];
const versions = new Map();
for (const path of manifests) {
  const { version } = JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
  versions.set(path, version);
  if (match && version !== tag.slice(1))
    problems.push(`${path}: version ${version}, but the tag is ${tag}`);
}
if (new Set(versions.values()).size > 1) problems.push('the packages do not share one version');

for (const problem of problems) console.error(`release: ${problem}`);
if (problems.length === 0)
  console.log(`release: ${tag} matches all ${manifests.length} package versions`);
process.exitCode = problems.length === 0 ? 0 : 1;

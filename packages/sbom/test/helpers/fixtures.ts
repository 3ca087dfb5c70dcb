import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lockfile, PackageManifest, ReaderOptions } from '../../src/index.js';
import { parsePackageManifest, readLockfile } from '../../src/index.js';

/** Absolute path of a file under `test/fixtures/`. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../fixtures/${relative}`, import.meta.url));
}

/** Text of a file under `test/fixtures/`. */
export function fixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

/** A lockfile fixture: where it lives, the manifests its reader needs, and its golden file. */
export interface LockfileFixture {
  name: string;
  /** Under `test/fixtures/lockfiles/`. */
  lockfile: string;
  manifests: string[];
}

/** Every JavaScript lockfile fixture: the four real ones, then the hand-written ones. */
export const JS_FIXTURES: readonly LockfileFixture[] = [
  {
    name: 'npm-v3-prometheus-web-ui-workspaces',
    lockfile: 'npm-v3-prometheus-web-ui-workspaces/package-lock.json',
    manifests: [],
  },
  {
    name: 'pnpm-v9-argo-cd-ui',
    lockfile: 'pnpm-v9-argo-cd-ui/pnpm-lock.yaml',
    manifests: ['pnpm-v9-argo-cd-ui/package.json'],
  },
  {
    name: 'yarn-v1-calico-whisker',
    lockfile: 'yarn-v1-calico-whisker/yarn.lock',
    manifests: ['yarn-v1-calico-whisker/package.json'],
  },
  {
    name: 'yarn-berry-prettier',
    lockfile: 'yarn-berry-prettier/yarn.lock',
    manifests: ['yarn-berry-prettier/package.json'],
  },
  {
    name: 'hand-npm-v1',
    lockfile: 'hand/npm-v1/package-lock.json',
    manifests: ['hand/npm-v1/package.json'],
  },
  { name: 'hand-npm-v2', lockfile: 'hand/npm-v2/package-lock.json', manifests: [] },
  { name: 'hand-npm-v3-edge', lockfile: 'hand/npm-v3-edge/package-lock.json', manifests: [] },
  { name: 'hand-pnpm-v6', lockfile: 'hand/pnpm-v6/pnpm-lock.yaml', manifests: [] },
  { name: 'hand-pnpm-v9-edge', lockfile: 'hand/pnpm-v9-edge/pnpm-lock.yaml', manifests: [] },
  {
    name: 'hand-yarn-classic-edge',
    lockfile: 'hand/yarn-classic-edge/yarn.lock',
    manifests: ['hand/yarn-classic-edge/package.json'],
  },
  {
    name: 'hand-yarn-berry-edge',
    lockfile: 'hand/yarn-berry-edge/yarn.lock',
    manifests: ['hand/yarn-berry-edge/package.json', 'hand/yarn-berry-edge/lib.package.json'],
  },
];

/** The fixture of that name. */
export function fixture(name: string): LockfileFixture {
  const found = JS_FIXTURES.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
}

/** The reader options of a fixture (its manifests, parsed). */
export function readerOptions(entry: LockfileFixture): ReaderOptions {
  const manifests: PackageManifest[] = entry.manifests.map((path) =>
    parsePackageManifest(fixtureText(`lockfiles/${path}`), path),
  );
  return manifests.length === 0 ? {} : { manifests };
}

/** Reads a fixture through the dispatcher, with the lockfile's fixture-relative path as its path. */
export function readFixture(entry: LockfileFixture): { lockfile: Lockfile; text: string } {
  const text = fixtureText(`lockfiles/${entry.lockfile}`);
  return { lockfile: readLockfile(text, entry.lockfile, readerOptions(entry)), text };
}

/**
 * The golden projection of a lockfile: header, then one package per line (ref, line, purl,
 * scope, hashes, licenses, edges, properties), so diffs read one package at a time.
 */
export function lockfileGolden(lockfile: Lockfile): string {
  const { path, format, formatVersion, root, warnings } = lockfile;
  const packages = lockfile.packages.map((pkg) =>
    JSON.stringify({
      ref: pkg.ref,
      line: pkg.source.line,
      purl: pkg.purl ?? null,
      scope: pkg.scope,
      hashes: pkg.hashes.map((hash) => `${hash.alg}:${hash.content}`),
      licenses: pkg.licenses,
      dependsOn: pkg.dependsOn,
      ...(pkg.properties === undefined
        ? {}
        : { properties: pkg.properties.map((p) => `${p.name}=${p.value}`) }),
    }),
  );
  const header = JSON.stringify({ path, format, formatVersion, root: root ?? null, warnings });
  return `{\n"lockfile": ${header},\n"packages": [\n${packages.join(',\n')}\n]\n}\n`;
}

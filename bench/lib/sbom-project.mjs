// The installed npm projects of bench/sbom: real lockfiles with their workspace manifests
// (test/fixtures/npm-project/), each copied into a temp dir and installed with `npm ci`, so that
// @cyclonedx/cyclonedx-npm (which reads `npm ls`) can run on it.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The prometheus web/ui project's lockfile and its manifests: the root first, then the workspaces. */
export const PROJECT = {
  id: 'prometheus-web-ui',
  label: 'prometheus web/ui',
  fixture: ['test', 'fixtures', 'npm-project', 'prometheus-web-ui'],
  lockfile: 'package-lock.json',
  manifests: [
    'package.json',
    'mantine-ui/package.json',
    'module/codemirror-promql/package.json',
    'module/lezer-promql/package.json',
  ],
};

/**
 * Every project the peer is compared on: prometheus web/ui, and Headlamp's frontend (over 1,000
 * packages; see test/fixtures/npm-project/README.md for why it replaced jaeger-ui).
 */
export const PROJECTS = [
  PROJECT,
  {
    id: 'headlamp-frontend',
    label: 'Headlamp frontend',
    fixture: ['test', 'fixtures', 'npm-project', 'headlamp-frontend'],
    lockfile: 'package-lock.json',
    manifests: ['package.json'],
  },
];

/**
 * The environment for npm and the peer: `npm_*` variables dropped, because under `pnpm run bench`
 * they point at pnpm (`npm_execpath`) and cyclonedx-npm would run `pnpm ls` instead of `npm ls`.
 */
export function cleanEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

/** Copies the fixture to `dir` and runs `npm ci` there; returns the install time and npm version. */
export function installProject(root, dir, project = PROJECT) {
  cpSync(join(root, ...project.fixture), dir, { recursive: true });
  const env = cleanEnv();
  const started = performance.now();
  const args = ['ci', '--ignore-scripts', '--no-audit', '--no-fund'];
  const ci = spawnSync('npm', args, { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });
  if (ci.status !== 0) throw new Error(`npm ci failed in ${dir}: ${ci.stderr || ci.error}`);
  const installMs = performance.now() - started;
  const npm = spawnSync('npm', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  return { installMs, npm, packages: lockfilePackages(join(dir, project.lockfile)) };
}

/** Entries of the lockfile's `packages` map besides the root (workspace folders and links too). */
function lockfilePackages(path) {
  return Object.keys(JSON.parse(readFileSync(path, 'utf8')).packages).length - 1;
}

/**
 * Runs a command to its end and resolves with its wall time in ms (spawn to exit, as a user
 * waits for it) and its stdout; rejects when it exits non-zero.
 */
export function timeProcess(command, args, options) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${command} exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
  });
}

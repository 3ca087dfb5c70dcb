import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBomValidator } from '@trailmark/sbom';
import {
  REPO_ROOT,
  createTempDir,
  createTempGitRepo,
  runTrailmark,
  writeTree,
  type TempDir,
  type TempGitRepo,
} from '@trailmark/testing';
import { fixturePath, readTree, type HelmTruth, type Records } from './helpers.js';

// The npm package `trailmark` as users install it: `npm pack` of packages/cli/pkg (written by the
// build), `npm install <tarball>` into a clean project with plain npm, then `npx trailmark` there
// — nothing of this repository's node_modules is reachable from that project.

const PKG = join(REPO_ROOT, 'packages', 'cli', 'pkg');
const TIMEOUT_MS = 240_000;
const run = promisify(execFile);

/** npm without the variables `pnpm test` sets (npm_execpath and friends point at pnpm). */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith('npm_') && !key.startsWith('GITHUB_')) env[key] = value;
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: 'false' };
}

describe('the packed npm package trailmark, installed with plain npm', () => {
  let tmp: TempDir;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let repo: TempGitRepo;
  const version = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'packages/trailmark/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

  /** `npx trailmark …` in the clean project (`--no`: never fetch; it must be installed). */
  const npx = (args: readonly string[]) =>
    run('npx', ['--no', '--', 'trailmark', ...args], { cwd: project, env, maxBuffer: 64 << 20 });

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-pack-install-');
    env = npmEnv(join(tmp.path, 'npm-cache'));
    const packed = await run('npm', ['pack', PKG, '--pack-destination', tmp.path, '--json'], {
      cwd: tmp.path,
      env,
    });
    const [info] = JSON.parse(packed.stdout) as { filename: string }[];
    project = join(tmp.path, 'project');
    await writeTree(project, {
      'package.json': `${JSON.stringify({ name: 'probe', version: '1.0.0', private: true })}\n`,
    });
    await run('npm', ['install', join(tmp.path, info?.filename ?? ''), '--no-audit', '--no-fund'], {
      cwd: project,
      env,
    });
    repo = await createTempGitRepo({
      commits: [
        {
          author: { name: 'Corpus', email: 'corpus@example.org' },
          message: 'corpus',
          files: readTree(fixturePath('helm', 'helm-testdata-subchart')),
        },
      ],
    });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await repo.cleanup();
    await tmp.cleanup();
  });

  it('installs the package with one native dependency (better-sqlite3, the embedded store of serve) and no workspace links; bin linked, schemas and trust roots inside', () => {
    const installed = join(project, 'node_modules');
    const top = readdirSync(installed).filter((name) => !name.startsWith('.'));
    expect(top).toEqual(expect.arrayContaining(['trailmark', 'better-sqlite3']));
    expect(top).not.toContain('@trailmark');
    const manifest = JSON.parse(
      readFileSync(join(installed, 'trailmark', 'package.json'), 'utf8'),
    ) as { version: string; dependencies?: object; engines: { node: string } };
    expect(manifest.version).toBe(version);
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(['better-sqlite3']);
    expect(manifest.engines.node).toMatch(/^>=20/);
    expect(readdirSync(join(installed, 'trailmark', 'schemas'))).toContain(
      'origin-records.v1.schema.json',
    );
    expect(readdirSync(join(installed, 'trailmark', 'trust'))).toContain(
      'public-good.trusted_root.json',
    );
    expect(readdirSync(join(installed, '.bin'))).toEqual(
      expect.arrayContaining(['trailmark', 'kubectl-trailmark']),
    );
  });

  it('npx trailmark --version prints the version', async () => {
    expect((await npx(['--version'])).stdout).toBe(`${version}\n`);
  });

  it("serve's embedded store loads from the installed tree (better-sqlite3 built there)", async () => {
    const { stdout } = await npx([
      'serve',
      '--status',
      '--store',
      `sqlite:${join(tmp.path, 'outbox.db')}`,
    ]);
    expect(stdout).toContain('pending: 0');
    expect(stdout).toContain('dead letters: 0');
  });

  it('stamps a real chart render: every object gets its template file and line', async () => {
    const truth = JSON.parse(
      readFileSync(fixturePath('helm', 'helm-testdata-subchart', 'truth.json'), 'utf8'),
    ) as HelmTruth;
    const file = truth.files[0];
    if (file === undefined) throw new Error('truth.json lists no rendered file');
    await npx([
      'stamp',
      join(repo.path, file.rendered),
      '--chart',
      join(repo.path, 'chart'),
      '-o',
      join(tmp.path, 'out.yaml'),
      '--origin-out',
      join(tmp.path, 'origin.json'),
    ]);
    const records = JSON.parse(readFileSync(join(tmp.path, 'origin.json'), 'utf8')) as Records;
    expect(records.objects).toHaveLength(file.objects.length);
    expect(records.objects.map((object) => [object.kind, object.name])).toEqual(
      file.objects.map((object) => [object.kind, object.name]),
    );
    const stamped = readFileSync(join(tmp.path, 'out.yaml'), 'utf8');
    expect(stamped.match(/trailmark\.dev\/source: /g)).toHaveLength(file.objects.length);
  });

  it('writes a valid CycloneDX SBOM of a real lockfile', async () => {
    const dir = join(project, 'whisker');
    await writeTree(
      dir,
      readTree(join(REPO_ROOT, 'packages/sbom/test/fixtures/lockfiles/yarn-v1-calico-whisker')),
    );
    const { stdout, stderr } = await npx(['sbom', 'whisker']);
    expect(await createBomValidator('1.6')(stdout)).toEqual([]);
    const bom = JSON.parse(stdout) as { components: { purl?: string }[] };
    expect(bom.components.length).toBeGreaterThan(100);
    const purls = bom.components.flatMap((component) => component.purl ?? []);
    expect(purls.filter((purl) => purl.startsWith('pkg:npm/')).length).toBeGreaterThan(100);
    // The same components, byte for byte, as the repository's own build of the CLI gives.
    const local = await runTrailmark(['sbom', 'whisker'], { cwd: project });
    expect(local.code, local.stderr).toBe(0);
    expect(bom.components).toEqual((JSON.parse(local.stdout) as typeof bom).components);
    expect(stderr).toMatch(/SBOM with \d+ components \(1 lockfiles, \d+ packages\)/);
  });
});

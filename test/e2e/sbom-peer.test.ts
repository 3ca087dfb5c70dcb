import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBomValidator } from '@trailmark/sbom';
import {
  REPO_ROOT,
  createTempDir,
  runTrailmark,
  writeTree,
  type TempDir,
} from '@trailmark/testing';
import { fixturePath, readTree } from './helpers.js';

// trailmark's SBOM next to the reference npm generator on the same real project
// (test/fixtures/npm-project/prometheus-web-ui, installed with `npm ci`). docs/sbom-peers.md
// explains every expected difference; this test keeps that page honest.

const PEER_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'cyclonedx-npm');
const INSTALL_TIMEOUT_MS = 240_000;

/** The parts of a CycloneDX JSON document this test reads. */
interface CdxComponent {
  purl?: string;
  scope?: string;
  components?: CdxComponent[];
}
interface CdxBom {
  metadata?: { component?: CdxComponent };
  components?: CdxComponent[];
}

/** A `packages` entry of package-lock v3, the fields that decide npm's `--omit dev`. */
interface LockEntry {
  name?: string;
  version?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
}

describe('sbom next to @cyclonedx/cyclonedx-npm on prometheus web/ui (npm v3, workspaces)', () => {
  let tmp: TempDir;
  let peer: CdxBom;
  let trailmarkJson: string;
  let ours: Map<string, CdxComponent>;
  let theirs: Map<string, CdxComponent>;
  const byPurl = purlsOfLockfile(
    fixturePath('npm-project', 'prometheus-web-ui', 'package-lock.json'),
  );

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-sbom-peer-');
    const project = join(tmp.path, 'prometheus-web-ui');
    await writeTree(project, readTree(fixturePath('npm-project', 'prometheus-web-ui')));
    // The peer reads the installed tree (`npm ls`), so install exactly what the lockfile pins.
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], project);
    const peerOut = join(tmp.path, 'peer.json');
    await run(
      PEER_BIN,
      ['--omit', 'dev', '--output-format', 'JSON', '--output-file', peerOut],
      project,
    );
    peer = JSON.parse(readFileSync(peerOut, 'utf8')) as CdxBom;
    // trailmark reads only the lockfile and manifests; node_modules is skipped, not consulted.
    const oursOut = join(tmp.path, 'trailmark.json');
    const cli = await runTrailmark(['sbom', project, '-o', oursOut], { cwd: tmp.path });
    expect(cli.code, cli.stderr).toBe(0);
    trailmarkJson = readFileSync(oursOut, 'utf8');
    ours = npmPurls(JSON.parse(trailmarkJson) as CdxBom);
    theirs = npmPurls(peer);
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => tmp.cleanup());

  it('lets the peer see the installed project and its three workspaces', () => {
    // The root project is the peer's metadata component, not one of its components; trailmark
    // describes the same root as the lockfile's application component (no purl). Workspaces are
    // ordinary components on both sides and stay in the comparison.
    expect(peer.metadata?.component?.purl).toBe('pkg:npm/prometheus-io@0.312.0');
    expect([...theirs.keys()].filter((purl) => purl.startsWith('pkg:npm/@prometheus-io/'))).toEqual(
      [
        'pkg:npm/@prometheus-io/codemirror-promql@0.312.0',
        'pkg:npm/@prometheus-io/lezer-promql@0.312.0',
        'pkg:npm/@prometheus-io/mantine-ui@0.312.0',
      ],
    );
    expect(theirs.size).toBe(137);
  });

  it('contains every npm purl the peer reports with --omit dev', () => {
    const missing = [...theirs.keys()].filter((purl) => !ours.has(purl));
    expect(missing).toEqual([]);
  });

  it('adds exactly the lockfile packages npm marks dev, each with scope optional', () => {
    const extra = [...ours.keys()].filter((purl) => !theirs.has(purl));
    const devOnly = [...byPurl].filter(([, entries]) => entries.every((e) => e.dev === true));
    expect(extra).toEqual(devOnly.map(([purl]) => purl));
    expect(extra.filter((purl) => ours.get(purl)?.scope !== 'optional')).toEqual([]);
    // docs/sbom-peers.md: 472 dev tools and libraries; 52 optional dev dependencies (51 platform
    // binaries of esbuild, rollup and fsevents, and uglify-js), npm installing only 4 on linux-x64.
    const optionalDev = devOnly.filter(([, entries]) => entries.every((e) => e.optional === true));
    expect({ devOnly: devOnly.length, optionalDev: optionalDev.length }).toEqual({
      devOnly: 524,
      optionalDev: 52,
    });
  });

  it('lists each of those dev-only packages in docs/sbom-peers.md', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'sbom-peers.md'), 'utf8');
    const listed = new Set(docs.split('\n').filter((line) => /^[@a-z0-9][^ ]*@\d/.test(line)));
    const extra = [...ours.keys()].filter((purl) => !theirs.has(purl));
    expect(extra.map((purl) => purl.slice('pkg:npm/'.length))).toEqual([...listed].sort(compare));
  });

  it("scopes optional exactly the peer's devOptional packages (dev, or optional peers of prod)", () => {
    const optional = [...theirs.keys()].filter((purl) => ours.get(purl)?.scope === 'optional');
    const devOptional = [...byPurl].filter(([, entries]) =>
      entries.every((e) => e.devOptional === true),
    );
    expect(optional).toEqual(devOptional.map(([purl]) => purl));
    expect(optional).toEqual(['pkg:npm/@types/react-dom@19.2.3', 'pkg:npm/@types/react@19.2.14']);
  });

  it('writes a BOM that validates against the CycloneDX 1.6 schema', async () => {
    expect(await createBomValidator('1.6')(trailmarkJson)).toEqual([]);
  });
});

/** Every npm component of a BOM (nested ones too) by its purl key, sorted by key. */
function npmPurls(bom: CdxBom): Map<string, CdxComponent> {
  const found = new Map<string, CdxComponent>();
  const walk = (components: readonly CdxComponent[]): void => {
    for (const component of components) {
      const key = component.purl === undefined ? undefined : npmPurlKey(component.purl);
      if (key !== undefined) found.set(key, component);
      walk(component.components ?? []);
    }
  };
  walk(bom.components ?? []);
  return new Map([...found].sort(([a], [b]) => compare(a, b)));
}

/**
 * `pkg:npm/<ns>/<name>@<version>`, percent-decoded, without qualifiers or subpath (the peer adds
 * `vcs_url`/`download_url` qualifiers for packages not from the default registry); undefined for
 * other purl types.
 */
function npmPurlKey(purl: string): string | undefined {
  const bare = purl.split('#')[0]?.split('?')[0] ?? '';
  if (!bare.startsWith('pkg:npm/')) return undefined;
  return bare.split('/').map(decodeURIComponent).join('/');
}

/** The lockfile's package entries grouped by purl key (links and the root left out), sorted. */
function purlsOfLockfile(path: string): Map<string, LockEntry[]> {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
  const grouped = new Map<string, LockEntry[]>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '' || entry.link === true) continue;
    const name = entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 13);
    const key = `pkg:npm/${name}@${entry.version ?? ''}`;
    grouped.set(key, [...(grouped.get(key) ?? []), entry]);
  }
  return new Map([...grouped].sort(([a], [b]) => compare(a, b)));
}

/**
 * Runs a command in `cwd`. `npm_*` variables are dropped: under `pnpm test` they point at pnpm
 * (`npm_execpath`), and cyclonedx-npm would then run `pnpm ls` instead of `npm ls`.
 */
async function run(command: string, args: readonly string[], cwd: string): Promise<void> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
  await promisify(execFile)(command, [...args], {
    cwd,
    env,
    timeout: INSTALL_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

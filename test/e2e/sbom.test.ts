import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBomValidator } from '@trailmark/sbom';
import {
  REPO_ROOT,
  createTempDir,
  runTrailmark,
  writeTree,
  type TempDir,
} from '@trailmark/testing';

interface Bom {
  specVersion: string;
  serialNumber: string;
  metadata: {
    timestamp: string;
    component: { name: string; purl?: string; properties?: { name: string; value: string }[] };
  };
  components: {
    type: string;
    name: string;
    purl?: string;
    scope?: string;
    hashes?: { alg: string; content: string }[];
    properties?: { name: string; value: string }[];
  }[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

const sourcesOf = (component: Bom['components'][number]) =>
  (component.properties ?? []).filter((p) => p.name === 'trailmark:source').map((p) => p.value);

describe('trailmark sbom on the example repository', () => {
  let tmp: TempDir;
  let repo: string;
  beforeAll(async () => {
    tmp = await createTempDir('trailmark-sbom-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
  });
  afterAll(() => tmp.cleanup());

  const build = async (
    args: string[],
    env: Record<string, string> = { SOURCE_DATE_EPOCH: '1709629800' },
  ) => {
    const run = await runTrailmark(['sbom', ...args], { cwd: repo, env });
    expect(run.code, run.stderr).toBe(0);
    return { run, bom: JSON.parse(run.stdout) as Bom };
  };

  it('describes lockfile packages, the chart and its dependencies, and the release images, validly', async () => {
    const { run, bom } = await build([
      '.',
      '--chart',
      'charts/shop',
      '--manifests',
      'deploy/rendered/prod.yaml',
    ]);
    expect(await createBomValidator('1.6')(run.stdout)).toEqual([]);
    expect(bom.metadata.component.purl).toBe('pkg:helm/shop@1.4.2');
    // The root carries its source like every component: the chart's Chart.yaml.
    expect(bom.metadata.component.properties).toContainEqual({
      name: 'trailmark:source',
      value: 'charts/shop/Chart.yaml#L1',
    });
    const purls = bom.components.map((c) => c.purl);
    expect(purls).toContain('pkg:npm/express@4.21.2');
    expect(purls).toContain(
      'pkg:helm/redis@18.6.1?repository_url=https%3A%2F%2Fcharts.bitnami.com%2Fbitnami',
    );
    expect(
      bom.components
        .filter((c) => c.type === 'container')
        .map((c) => c.name)
        .sort(),
    ).toEqual([
      'docker.io/bitnami/redis',
      'ghcr.io/acme/log-shipper',
      'ghcr.io/acme/shop',
      'quay.io/prometheus/node-exporter',
    ]);
    expect(bom.components.find((c) => c.name === 'nodemon')?.scope).toBe('optional');
    expect(bom.components.find((c) => c.name === 'express')?.scope).toBe('required');
  });

  it('points every trailmark:source at the line that declares the component', async () => {
    const { bom } = await build(['.', '--chart', 'charts/shop']);
    const lines = (path: string) => readFileSync(join(repo, path), 'utf8').split('\n');
    let checked = 0;
    for (const component of bom.components.filter((c) => c.purl?.startsWith('pkg:npm/'))) {
      for (const source of sourcesOf(component)) {
        const [path, line] = source.split('#L');
        expect(lines(path!)[Number(line) - 1], source).toMatch(
          new RegExp(
            `"node_modules/(.*/)?${component.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": \\{`,
          ),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    const redis = bom.components.find((c) => c.name === 'redis')!;
    expect(sourcesOf(redis)).toEqual(['charts/shop/Chart.yaml#L15']);
    expect(lines('charts/shop/Chart.yaml')[14]).toMatch(/- name: redis/);
  });

  it('gives the same bytes for the same inputs with SOURCE_DATE_EPOCH, and a fresh serial without', async () => {
    const first = await build(['.']);
    const second = await build(['.']);
    expect(second.run.stdout).toBe(first.run.stdout);
    expect(first.bom.metadata.timestamp).toBe('2024-03-05T09:10:00.000Z');
    const live = await build(['.'], {});
    expect(live.bom.serialNumber).not.toBe(first.bom.serialNumber);
  });

  it('folds in an image SBOM by purl', async () => {
    const digest = `sha256:${'4f'.repeat(32)}`;
    const imagePurl = `pkg:oci/shop@${digest}?repository_url=ghcr.io%2Facme%2Fshop&tag=3.8.1`;
    const imageSbom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: {
        component: {
          type: 'container',
          name: 'ghcr.io/acme/shop',
          'bom-ref': 'img',
          purl: imagePurl,
        },
      },
      components: [
        {
          type: 'library',
          name: 'openssl',
          version: '3.0.13',
          'bom-ref': 'ossl',
          purl: 'pkg:deb/debian/openssl@3.0.13',
        },
      ],
      dependencies: [{ ref: 'img', dependsOn: ['ossl'] }],
    };
    writeFileSync(join(repo, 'image.cdx.json'), JSON.stringify(imageSbom));
    const { run, bom } = await build([
      'app',
      '--manifests',
      'deploy/rendered/prod.yaml',
      '--image',
      `ghcr.io/acme/shop@${digest}`,
      '--merge',
      'image.cdx.json',
    ]);
    expect(await createBomValidator('1.6')(run.stdout)).toEqual([]);
    const image = bom.components.filter((c) => c.purl === imagePurl);
    expect(image).toHaveLength(1);
    expect(image[0]?.hashes).toEqual([{ alg: 'SHA-256', content: '4f'.repeat(32) }]);
    const ossl = bom.components.find((c) => c.name === 'openssl');
    expect(ossl).toBeDefined();
    const imageRef = (image[0] as { 'bom-ref'?: string })['bom-ref'];
    expect(bom.dependencies.find((d) => d.ref === imageRef)?.dependsOn).toContain(
      (ossl as { 'bom-ref'?: string })['bom-ref'],
    );
  });
});

describe('trailmark sbom discovery and bad input', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-sbom-bad-');
  });
  afterAll(() => dir.cleanup());

  const LOCK = (name: string) =>
    JSON.stringify(
      {
        name,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name, version: '1.0.0', dependencies: { ms: '2.1.3' } },
          'node_modules/ms': {
            version: '2.1.3',
            resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
            integrity:
              'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
            license: 'MIT',
          },
        },
      },
      null,
      2,
    );

  it('finds lockfiles in a monorepo, skipping node_modules, .gitignore and --exclude', async () => {
    const root = join(dir.path, 'mono');
    await writeTree(root, {
      '.gitignore': 'ignored/\n',
      'svc-a/package-lock.json': LOCK('svc-a'),
      'svc-b/package-lock.json': LOCK('svc-b'),
      'svc-a/node_modules/x/package-lock.json': LOCK('nested'),
      'ignored/package-lock.json': LOCK('ignored'),
      'legacy/package-lock.json': LOCK('legacy'),
    });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    const run = await runTrailmark(['sbom', '.', '--exclude', 'legacy/**'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    const sources = (JSON.parse(run.stdout) as Bom).components
      .flatMap(sourcesOf)
      .map((s) => s.split('#')[0])
      .sort((a, b) => a!.localeCompare(b!));
    expect([...new Set(sources)]).toEqual(['svc-a/package-lock.json', 'svc-b/package-lock.json']);
  });

  it.each([
    [
      'a malformed lockfile',
      {
        'package-lock.json':
          '{\n  "lockfileVersion": 3,\n  "packages": {\n    "": { "name": "x" \n  }\n',
      },
      [],
      /package-lock\.json:\d+: /,
    ],
    [
      'an unknown lockfile version',
      { 'package-lock.json': '{"lockfileVersion": 99, "packages": {}}' },
      [],
      /lockfileVersion 99/,
    ],
    [
      'an invalid merge input',
      {
        'package-lock.json': LOCK('m'),
        'bad.cdx.json':
          '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"nonsense","name":"x"}]}',
      },
      ['--merge', 'bad.cdx.json'],
      /bad\.cdx\.json.*(must be equal to one of the allowed values|type)/,
    ],
    [
      'nothing to describe',
      { 'README.md': 'hi\n' },
      [],
      /no lockfile, manifest or chart to describe/,
    ],
  ])('rejects %s with exit 2 and writes nothing', async (_label, files, extra, message) => {
    const root = await createTempDir('trailmark-sbom-case-');
    try {
      await writeTree(root.path, files);
      const run = await runTrailmark(['sbom', '.', '-o', 'out/sbom.json', ...extra], {
        cwd: root.path,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(existsSync(join(root.path, 'out/sbom.json'))).toBe(false);
    } finally {
      await root.cleanup();
    }
  });
});

describe('trailmark sbom on real lockfiles: pnpm 11+ two-document files, warnings a user can act on', () => {
  let dir: TempDir;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-sbom-real-');
  });
  afterAll(() => dir.cleanup());

  /** A git repository holding copies of real fixture files (`[to, from]`, from repo-relative). */
  const repoWith = async (name: string, files: [string, string][]): Promise<string> => {
    const root = join(dir.path, name);
    await writeTree(
      root,
      Object.fromEntries(
        files.map(([to, from]) => [to, readFileSync(join(REPO_ROOT, from), 'utf8')]),
      ),
    );
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    return root;
  };

  it("reads this repository's own two-document pnpm-lock.yaml, leaving pnpm's own document out", async () => {
    const root = await repoWith('pnpm-two-docs', [
      [
        'pnpm-lock.yaml',
        'packages/sbom/test/fixtures/real/pnpm-v9-two-documents-trailmark/pnpm-lock.yaml',
      ],
    ]);
    const run = await runTrailmark(['sbom', '.'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    const bom = JSON.parse(run.stdout) as Bom;
    expect(bom.components.map((c) => c.purl)).toContain(
      'pkg:npm/%40cyclonedx/cyclonedx-library@10.3.0',
    );
    expect(bom.components.some((c) => c.name.startsWith('exe.'))).toBe(false);
    expect(run.stderr).not.toContain('warning');
    const verbose = await runTrailmark(['sbom', '.', '--verbose'], { cwd: root });
    expect(verbose.stderr).toMatch(
      /^trailmark: detail: pnpm-lock\.yaml:2: pnpm's own environment lockfile \(pnpm 12\.4\.2; \d+ packages\)/m,
    );
  });

  it('prints a handful of warning lines for the yarn berry lockfile of prettier, each entry with --verbose', async () => {
    const base = 'packages/sbom/test/fixtures/lockfiles/yarn-berry-prettier';
    const root = await repoWith('berry', [
      ['yarn.lock', `${base}/yarn.lock`],
      ['package.json', `${base}/package.json`],
    ]);
    const run = await runTrailmark(['sbom', '.', '-o', 'sbom.json'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    const warnings = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('trailmark: warning:'));
    // 119 entries for other platforms have no checksum: yarn never fetched them, nothing to do.
    expect(warnings).toEqual([]);
    const verbose = await runTrailmark(['sbom', '.', '-o', 'sbom.json', '--verbose'], {
      cwd: root,
    });
    const details = verbose.stderr
      .split('\n')
      .filter((line) => /^trailmark: detail: yarn\.lock:\d+: /.test(line));
    expect(details).toHaveLength(119);
    expect(verbose.stderr).toContain('trailmark: detail: yarn.lock: 1051 packages');
    expect(details[0]).toBe(
      "trailmark: detail: yarn.lock:1184: @esbuild/aix-ppc64 has no checksum (conditional: os=aix & cpu=ppc64; yarn fetches only the current platform's)",
    );
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  joinPath,
  resolveHelmSource,
  type ChartNode,
  type ExternalChart,
} from '../src/chart-tree.js';
import { applyChartLock, parseChartMetadata } from '../src/chart.js';
import { ManifestError } from '../src/error.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);

/** A fixture file as `{ text, path }`, named by its repo-relative path. */
function file(fixture: string, path: string): { text: string; path: string } {
  return { text: readFileSync(new URL(fixture, FIXTURES), 'utf8'), path };
}

describe('parseChartMetadata', () => {
  it('reads name, version and each dependency with the line of its `- name:`', () => {
    const metadata = parseChartMetadata(file('shop-chart/Chart.yaml', 'charts/shop/Chart.yaml'));
    expect(metadata).toEqual({
      name: 'shop',
      version: '1.4.2',
      dependencies: [
        {
          name: 'common',
          alias: undefined,
          version: '0.3.0',
          repository: 'file://../common',
          declaredAt: { path: 'charts/shop/Chart.yaml', line: 9 },
        },
        {
          name: 'redis',
          alias: 'cache',
          version: '~17.0',
          repository: 'https://charts.bitnami.com/bitnami',
          declaredAt: { path: 'charts/shop/Chart.yaml', line: 12 },
        },
      ],
    });
  });

  it('points at the `name:` key even when it is not the first key of the entry', () => {
    const metadata = parseChartMetadata({
      text: 'name: a\nversion: 1.0.0\ndependencies:\n  - version: 1.x\n    repository: oci://r\n    name: late\n',
      path: 'Chart.yaml',
    });
    expect(metadata.dependencies.map((dep) => [dep.name, dep.declaredAt.line])).toEqual([
      ['late', 6],
    ]);
  });

  it('reads the dependencies of an apiVersion v1 chart from requirements.yaml', () => {
    const metadata = parseChartMetadata(
      file('legacy-chart/Chart.yaml', 'charts/legacy/Chart.yaml'),
      file('legacy-chart/requirements.yaml', 'charts/legacy/requirements.yaml'),
    );
    expect(metadata.name).toBe('legacy');
    expect(metadata.version).toBe('0.9.1');
    expect(
      metadata.dependencies.map((dep) => [dep.name, dep.alias, dep.version, dep.declaredAt]),
    ).toEqual([
      ['mysql', undefined, '1.6.x', { path: 'charts/legacy/requirements.yaml', line: 2 }],
      ['memcached', 'sessions', '3.2.3', { path: 'charts/legacy/requirements.yaml', line: 5 }],
    ]);
  });

  it('reads numeric versions as strings and skips entries without a name', () => {
    const metadata = parseChartMetadata({
      text: 'name: a\nversion: 2\ndependencies:\n  - version: 1\n  - name: b\n    version: 1.5\n  - just-a-string\n',
      path: 'Chart.yaml',
    });
    expect(metadata.version).toBe('2');
    expect(
      metadata.dependencies.map((dep) => [dep.name, dep.version, dep.declaredAt.line]),
    ).toEqual([['b', '1.5', 5]]);
  });

  it.each([
    ['no name', 'apiVersion: v2\nversion: 1.0.0\n', 'x/Chart.yaml:1: Chart.yaml has no name', 1],
    ['an empty file', '', 'x/Chart.yaml:1: Chart.yaml has no name', 1],
    ['invalid YAML', 'name: a\ndependencies: [\n', undefined, 3],
    ['a duplicate key', 'name: a\nversion: 1\nname: b\n', undefined, 3],
  ])('throws MANIFEST_CHART naming file:line for %s', (_label, text, message, line) => {
    let error: unknown;
    try {
      parseChartMetadata({ text, path: 'x/Chart.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const manifestError = error as ManifestError;
    expect(manifestError.code).toBe('MANIFEST_CHART');
    expect(manifestError.location).toEqual({ path: 'x/Chart.yaml', line });
    expect(manifestError.message.startsWith(`x/Chart.yaml:${line}: `)).toBe(true);
    if (message !== undefined) expect(manifestError.message).toBe(message);
  });
});

describe('applyChartLock', () => {
  it('replaces version constraints with the locked versions and keeps the declaration lines', () => {
    const declared = parseChartMetadata(file('shop-chart/Chart.yaml', 'charts/shop/Chart.yaml'));
    const locked = applyChartLock(
      declared,
      file('shop-chart/Chart.lock', 'charts/shop/Chart.lock'),
    );
    expect(locked.dependencies.map((dep) => [dep.name, dep.version, dep.declaredAt.line])).toEqual([
      ['common', '0.3.0', 9],
      ['redis', '17.3.11', 12],
    ]);
    expect(declared.dependencies[1]?.version).toBe('~17.0');
  });

  it('applies a requirements.lock to an apiVersion v1 chart', () => {
    const declared = parseChartMetadata(
      file('legacy-chart/Chart.yaml', 'Chart.yaml'),
      file('legacy-chart/requirements.yaml', 'requirements.yaml'),
    );
    const locked = applyChartLock(
      declared,
      file('legacy-chart/requirements.lock', 'requirements.lock'),
    );
    expect(locked.dependencies.map((dep) => [dep.name, dep.version])).toEqual([
      ['mysql', '1.6.9'],
      ['memcached', '3.2.3'],
    ]);
  });

  it('keeps the declared version of a dependency the lock does not name', () => {
    const declared = parseChartMetadata({
      text: 'name: a\nversion: 1\ndependencies:\n  - name: b\n    version: ^2\n',
      path: 'Chart.yaml',
    });
    expect(
      applyChartLock(declared, { text: 'dependencies: []\n', path: 'Chart.lock' }).dependencies[0]
        ?.version,
    ).toBe('^2');
    expect(
      applyChartLock(declared, { text: '', path: 'Chart.lock' }).dependencies[0]?.version,
    ).toBe('^2');
  });

  it('throws MANIFEST_CHART for a lock file that is not YAML', () => {
    const declared = parseChartMetadata({ text: 'name: a\n', path: 'Chart.yaml' });
    expect(() =>
      applyChartLock(declared, { text: 'dependencies: [\n', path: 'charts/a/Chart.lock' }),
    ).toThrow(/^charts\/a\/Chart\.lock:\d+: /);
  });
});

describe('resolveHelmSource', () => {
  const cache: ExternalChart = {
    kind: 'external',
    name: 'redis',
    version: '17.3.11',
    declaredAt: { path: 'charts/shop/Chart.yaml', line: 12 },
    archive: 'charts/shop/charts/redis-17.3.11.tgz',
  };
  const lib: ChartNode = {
    kind: 'chart',
    name: 'lib',
    version: '1.0.0',
    dir: 'charts/shop/charts/metrics/charts/lib',
    children: new Map(),
  };
  const metrics: ChartNode = {
    kind: 'chart',
    name: 'metrics',
    version: '0.2.0',
    dir: 'charts/shop/charts/metrics',
    children: new Map([['lib', lib]]),
  };
  const common: ChartNode = {
    kind: 'chart',
    name: 'common',
    version: '0.3.0',
    dir: 'charts/common',
    children: new Map(),
  };
  const root: ChartNode = {
    kind: 'chart',
    name: 'shop',
    version: '1.4.2',
    dir: 'charts/shop',
    children: new Map<string, ChartNode | ExternalChart>([
      ['cache', cache],
      ['common', common],
      ['metrics', metrics],
    ]),
  };

  it.each([
    ['shop/templates/deployment.yaml', 'charts/shop/templates/deployment.yaml', 'chart', ['shop']],
    ['templates/deployment.yaml', 'charts/shop/templates/deployment.yaml', 'chart', ['shop']],
    ['shop/crds/widgets.yaml', 'charts/shop/crds/widgets.yaml', 'chart', ['shop']],
    ['shop/./templates//a.yaml', 'charts/shop/templates/a.yaml', 'chart', ['shop']],
    [
      'shop/charts/common/templates/configmap.yaml',
      'charts/common/templates/configmap.yaml',
      'subchart',
      ['shop', 'common'],
    ],
    [
      'shop/charts/metrics/templates/service.yaml',
      'charts/shop/charts/metrics/templates/service.yaml',
      'subchart',
      ['shop', 'metrics'],
    ],
    [
      'shop/charts/metrics/charts/lib/templates/x.yaml',
      'charts/shop/charts/metrics/charts/lib/templates/x.yaml',
      'subchart',
      ['shop', 'metrics', 'lib'],
    ],
  ])('resolves %s to %s', (source, path, origin, chain) => {
    const resolved = resolveHelmSource(source, root);
    expect(resolved.kind).toBe('file');
    if (resolved.kind !== 'file') return;
    expect([
      resolved.path,
      resolved.origin,
      resolved.chain.map((chart) => chart.name),
      resolved.chart.name,
    ]).toEqual([path, origin, chain, chain[chain.length - 1]]);
  });

  it('follows the subchart by the name Helm uses (its alias) to the directory on disk, which may be elsewhere (file://)', () => {
    const resolved = resolveHelmSource('shop/charts/common/templates/configmap.yaml', root);
    expect(resolved).toMatchObject({
      kind: 'file',
      path: 'charts/common/templates/configmap.yaml',
      chart: { name: 'common', version: '0.3.0' },
    });
  });

  it('resolves an aliased packaged dependency to an external chart with its template path', () => {
    const resolved = resolveHelmSource('shop/charts/cache/templates/master/statefulset.yaml', root);
    expect(resolved.kind).toBe('external');
    if (resolved.kind !== 'external') return;
    expect(resolved.chart).toBe(cache);
    expect(resolved.template).toBe('templates/master/statefulset.yaml');
    expect(resolved.chain.map((chart) => chart.name)).toEqual(['shop']);
  });

  it.each([
    [
      'other/templates/a.yaml',
      'Source "other/templates/a.yaml" names chart "other", not "shop" (set --chart)',
    ],
    [
      'shop/charts/redis/templates/master.yaml',
      'chart "shop" has no subchart "redis" (Source "shop/charts/redis/templates/master.yaml")',
    ],
    [
      'shop/charts/metrics/charts/nope/templates/a.yaml',
      'chart "metrics" has no subchart "nope" (Source "shop/charts/metrics/charts/nope/templates/a.yaml")',
    ],
  ])('leaves %s unresolved with a clear reason', (source, reason) => {
    expect(resolveHelmSource(source, root)).toEqual({ kind: 'unresolved', reason });
  });

  it('never leaves the repository, even for a Source with ..', () => {
    const resolved = resolveHelmSource('shop/templates/../../../../etc/passwd', root);
    expect(resolved).toMatchObject({ kind: 'file', path: 'etc/passwd' });
  });

  it('resolves against a chart at the repository root', () => {
    const top: ChartNode = { ...root, dir: '', children: new Map() };
    expect(resolveHelmSource('shop/templates/a.yaml', top)).toMatchObject({
      kind: 'file',
      path: 'templates/a.yaml',
    });
  });
});

describe('joinPath', () => {
  it.each([
    [['charts/shop', 'templates/a.yaml'], 'charts/shop/templates/a.yaml'],
    [['', 'templates/a.yaml'], 'templates/a.yaml'],
    [['charts/shop/', './x//y'], 'charts/shop/x/y'],
    [['charts/shop', '../common/t.yaml'], 'charts/common/t.yaml'],
    [['a', '../../b'], 'b'],
  ])('joins %j to %s', (segments, joined) => {
    expect(joinPath(...segments)).toBe(joined);
  });
});

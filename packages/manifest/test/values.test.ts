import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findImageSetting,
  findValueSetting,
  parseValuesFile,
  type ScopedValues,
} from '../src/values.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);

function values(fixture: string, path: string): ReturnType<typeof parseValuesFile> {
  return parseValuesFile(readFileSync(new URL(fixture, FIXTURES), 'utf8'), path);
}

const CHART = values('shop-chart/values.yaml', 'charts/shop/values.yaml');
const PROD = values('values/prod.yaml', 'deploy/prod.yaml');
const chartOnly: ScopedValues[] = [{ file: CHART, scope: [] }];
/** Helm precedence: the user's `--values` file first, then the chart's defaults. */
const prodThenChart: ScopedValues[] = [
  { file: PROD, scope: [] },
  { file: CHART, scope: [] },
];

describe('parseValuesFile', () => {
  it('flattens scalars to key paths with their 1-based lines', () => {
    const file = parseValuesFile(
      '# top\nimage:\n  repository: ghcr.io/acme/web\n  tag: "1.2.3"\nports:\n  - 80\n  - name: http\nenabled: true\nnothing: null\n',
      'v.yaml',
    );
    expect(file.leaves).toEqual([
      { keys: ['image', 'repository'], value: 'ghcr.io/acme/web', line: 3 },
      { keys: ['image', 'tag'], value: '1.2.3', line: 4 },
      { keys: ['ports', '0'], value: '80', line: 6 },
      { keys: ['ports', '1', 'name'], value: 'http', line: 7 },
      { keys: ['enabled'], value: 'true', line: 8 },
    ]);
  });

  it('yields no leaves for a file that does not parse (values are optional)', () => {
    expect(parseValuesFile('image: [\n', 'broken.yaml')).toEqual({
      path: 'broken.yaml',
      leaves: [],
    });
  });
});

describe('findImageSetting', () => {
  it('finds a full reference written as one value', () => {
    expect(findImageSetting('ghcr.io/acme/shop-worker:2.3.0', chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 10,
    });
  });

  it('finds the tag of a repository+tag map', () => {
    expect(findImageSetting('ghcr.io/acme/shop-web:2.3.0', chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 6,
    });
  });

  it('finds the tag in the higher-precedence file that overrode it', () => {
    expect(findImageSetting('ghcr.io/acme/shop-web:2.3.1', prodThenChart)).toEqual({
      path: 'deploy/prod.yaml',
      line: 3,
    });
  });

  it('falls through to the chart when the higher-precedence file does not set this tag', () => {
    expect(findImageSetting('ghcr.io/acme/shop-web:2.3.0', prodThenChart)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 6,
    });
  });

  it('falls back to the repository line when no tag matches', () => {
    expect(findImageSetting('ghcr.io/acme/shop-web:9.9.9', chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 5,
    });
  });

  it('finds the tag of a reference that also carries a digest', () => {
    const image = `ghcr.io/acme/shop-web:2.3.0@sha256:${'a'.repeat(64)}`;
    expect(findImageSetting(image, chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 6,
    });
  });

  it('looks only under the subchart key when scoped to it', () => {
    const image = 'docker.io/bitnami/redis:7.2.4';
    expect(findImageSetting(image, [{ file: CHART, scope: ['cache'] }])).toEqual({
      path: 'charts/shop/values.yaml',
      line: 24,
    });
    expect(findImageSetting(image, [{ file: CHART, scope: ['postgresql'] }])).toBeUndefined();
  });

  it('matches a repository written without its registry', () => {
    const file = parseValuesFile('image:\n  repository: bitnami/redis\n', 'v.yaml');
    expect(findImageSetting('docker.io/bitnami/redis:6.0', [{ file, scope: [] }])).toEqual({
      path: 'v.yaml',
      line: 2,
    });
  });

  it.each([
    ['`tag: 1.0` under `config`', 'example.com/thing:1'],
    ['a tag-like value under a key that is not about images', 'example.com/thing:2.3.0'],
  ])('does not take %s for an image setting', (_label, image) => {
    const file = parseValuesFile('config:\n  tag: 1.0\nrelease:\n  version: 2.3.0\n', 'v.yaml');
    expect(findImageSetting(image, [{ file, scope: [] }])).toBeUndefined();
  });

  it('does not match the chart fixture’s `config.tag: 1.0`', () => {
    expect(findImageSetting('example.com/other:1', chartOnly)).toBeUndefined();
  });

  it('returns undefined without candidates', () => {
    expect(findImageSetting('nginx:1.25', [])).toBeUndefined();
  });
});

describe('findValueSetting', () => {
  const SECRET_KEYS = ['name', 'secretName', 'existingSecret', 'secret'];

  it('finds a Secret name under one of the given keys', () => {
    expect(findValueSetting('shop-db-credentials', SECRET_KEYS, chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 17,
    });
  });

  it('finds a service account name', () => {
    expect(findValueSetting('shop-web', ['name', 'serviceAccountName'], chartOnly)).toEqual({
      path: 'charts/shop/values.yaml',
      line: 14,
    });
  });

  it('respects the subchart scope', () => {
    expect(
      findValueSetting('cache-auth', SECRET_KEYS, [{ file: CHART, scope: ['cache'] }]),
    ).toEqual({ path: 'charts/shop/values.yaml', line: 26 });
    expect(
      findValueSetting('cache-auth', SECRET_KEYS, [{ file: CHART, scope: ['database'] }]),
    ).toBeUndefined();
  });

  it('ignores the value under a key that is not listed', () => {
    expect(findValueSetting('cache-auth', ['name'], chartOnly)).toBeUndefined();
  });

  it('takes the first file in precedence order', () => {
    const override = parseValuesFile(
      'database:\n  existingSecret: shop-db-credentials\n',
      'deploy/prod.yaml',
    );
    expect(
      findValueSetting('shop-db-credentials', SECRET_KEYS, [
        { file: override, scope: [] },
        ...chartOnly,
      ]),
    ).toEqual({ path: 'deploy/prod.yaml', line: 2 });
  });
});

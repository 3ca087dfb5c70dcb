import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PREDICATE_TYPE,
  createSchemaValidator,
  type OriginObject,
  type OriginRecords,
} from '@trailmark/core';
import {
  buildDeploymentOrigin,
  buildStatement,
  subjectFromImage,
  type DeploymentOriginExtra,
} from '@trailmark/attest';
import { golden } from '@trailmark/testing';

const SCHEMAS = new URL('../../../schemas/', import.meta.url);
const EXAMPLES = new URL('examples/deployment-origin.v1/', SCHEMAS);
// The builder's own byte goldens (the schema examples are hand-written and separate).
const GOLDENS = new URL('goldens/', import.meta.url);
const expectGolden = (name: string, actual: string): void => {
  expect(actual).toBe(golden(new URL(name, GOLDENS), actual));
};
const read = (url: URL): string => readFileSync(url, 'utf8');
const readJson = (url: URL): unknown => JSON.parse(read(url));
const validate = createSchemaValidator(
  readJson(new URL('deployment-origin.v1.schema.json', SCHEMAS)) as object,
  [readJson(new URL('origin-defs.v1.schema.json', SCHEMAS)) as object],
);

const shopRecords = (): OriginRecords =>
  readJson(new URL('fixtures/origin-records.shop.json', import.meta.url)) as OriginRecords;
const SHOP_EXTRA: DeploymentOriginExtra = {
  chart: { name: 'shop', version: '1.4.2', path: 'charts/shop' },
  change: { pullRequest: 118, url: 'https://github.com/acme/shop/pull/118' },
  builderId: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
};

const configMap: OriginObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'shop',
  name: 'shop-config',
  origin: '0f1e2d3c4b5a6978',
  source: { path: 'deploy/config.yaml', line: 1, origin: 'plain' },
  owners: [],
  images: [],
  secretRefs: [],
  annotationsDigest: 'sha256:84d118d1599fba3f0797117ae5a961c2b79375d2cb39b4590ccaa6eca53fc1a5',
};
const minimalRecords = (objects: OriginObject[] = [configMap]): OriginRecords => ({
  schema: 'https://trailmark.dev/origin-records/v1',
  approvers: [],
  objects,
});

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('buildDeploymentOrigin', () => {
  it('turns the shop records into its golden, byte for byte, valid against the schema', () => {
    const predicate = buildDeploymentOrigin(shopRecords(), SHOP_EXTRA);
    expectGolden('deployment-origin.shop.json', pretty(predicate));
    expect(validate(predicate)).toEqual([]);
  });

  it('turns a minimal record set into its golden', () => {
    const predicate = buildDeploymentOrigin(minimalRecords());
    expectGolden('deployment-origin.minimal.json', pretty(predicate));
    expect(validate(predicate)).toEqual([]);
  });

  it('has schema examples that each break one rule', () => {
    const invalid = readdirSync(EXAMPLES).filter((file) => file.startsWith('invalid-'));
    expect(invalid.length).toBeGreaterThanOrEqual(5);
    for (const file of invalid)
      expect(validate(readJson(new URL(file, EXAMPLES))), file).not.toEqual([]);
  });

  it('is deterministic: shuffled objects and approvers give the same bytes', () => {
    const shuffled = shopRecords();
    shuffled.objects.reverse();
    shuffled.approvers.reverse();
    expect(pretty(buildDeploymentOrigin(shuffled, SHOP_EXTRA))).toBe(
      pretty(buildDeploymentOrigin(shopRecords(), SHOP_EXTRA)),
    );
  });

  it('keeps only known members, in schema order', () => {
    const noisy = {
      ...configMap,
      extra: 'x',
      source: { origin: 'plain', line: 1, path: 'deploy/config.yaml', note: 'y' },
    };
    const records = { ...minimalRecords([noisy as OriginObject]), stray: true } as OriginRecords;
    expectGolden('deployment-origin.minimal.json', pretty(buildDeploymentOrigin(records)));
  });

  it('prefers the builder id it is given and keeps the recorded one otherwise', () => {
    const records = {
      ...minimalRecords(),
      build: {
        runUrl: 'https://github.com/acme/shop/actions/runs/1/attempts/1',
        builderId: 'recorded',
      },
    };
    expect(buildDeploymentOrigin(records).build).toEqual({
      runUrl: 'https://github.com/acme/shop/actions/runs/1/attempts/1',
      builderId: 'recorded',
    });
    expect(buildDeploymentOrigin(records, { builderId: 'given' }).build?.builderId).toBe('given');
  });

  it('drops empty run facts rather than writing empty objects', () => {
    const records = { ...minimalRecords(), repository: {}, build: {} };
    expect(Object.keys(buildDeploymentOrigin(records, { change: {} }))).toEqual([
      'approvers',
      'objects',
    ]);
  });

  it('signs as a deployment-origin statement over the images it names', () => {
    const predicate = buildDeploymentOrigin(shopRecords(), SHOP_EXTRA);
    const images = predicate.objects
      .flatMap((object) => object.images)
      .map((image) => `${image.ref}@${image.digest ?? ''}`);
    const statement = buildStatement(
      images.map(subjectFromImage),
      PREDICATE_TYPE.deploymentOrigin,
      predicate,
    );
    expect(statement.subject.map((subject) => subject.name)).toEqual([
      'ghcr.io/acme/log-shipper',
      'ghcr.io/acme/shop',
      'index.docker.io/bitnami/redis',
    ]);
    expect(statement.predicateType).toBe('https://trailmark.dev/deployment-origin/v1');
  });

  it.each<[string, () => OriginRecords, DeploymentOriginExtra, RegExp]>([
    [
      'records of another version',
      () =>
        ({
          ...minimalRecords(),
          schema: 'https://trailmark.dev/origin-records/v2',
        }) as unknown as OriginRecords,
      {},
      /origin records schema is "https:\/\/trailmark.dev\/origin-records\/v2"/,
    ],
    [
      'two records of one object',
      () => minimalRecords([configMap, { ...configMap, origin: 'ffffffffffffffff' }]),
      {},
      /ConfigMap shop\/shop-config \(v1\) has two origin records/,
    ],
    [
      'an uppercase annotations digest',
      () =>
        minimalRecords([
          { ...configMap, annotationsDigest: configMap.annotationsDigest.toUpperCase() },
        ]),
      {},
      /ConfigMap shop\/shop-config \(v1\): annotationsDigest "SHA256:84D1.+" is not sha256:<64 lowercase hex>/,
    ],
    [
      'a bare pod-template digest',
      () => minimalRecords([{ ...configMap, podTemplateAnnotationsDigest: 'a'.repeat(64) }]),
      {},
      /podTemplateAnnotationsDigest "a+" is not sha256/,
    ],
    [
      'pull request 0',
      () => minimalRecords(),
      { change: { pullRequest: 0 } },
      /change.pullRequest 0 is not a positive integer/,
    ],
    [
      'a fractional pull request',
      () => minimalRecords(),
      { change: { pullRequest: 1.5 } },
      /change.pullRequest 1.5 is not a positive integer/,
    ],
    [
      'a change url without scheme',
      () => minimalRecords(),
      { change: { url: 'github.com/acme/shop/pull/1' } },
      /change.url "github.com\/acme\/shop\/pull\/1" is not an http\(s\) URL/,
    ],
    ['an empty builder id', () => minimalRecords(), { builderId: ' ' }, /builderId is empty/],
  ])('rejects %s', (_, records, extra, message) => {
    expect(() => buildDeploymentOrigin(records(), extra)).toThrow(message);
    expect(() => buildDeploymentOrigin(records(), extra)).toThrow(
      expect.objectContaining({ code: 'ATTEST_INVALID_PREDICATE' }),
    );
  });

  it('accepts the same name in two namespaces and a cluster-scoped namesake', () => {
    const objects = [
      configMap,
      { ...configMap, namespace: 'other' },
      { ...configMap, kind: 'ClusterRole', namespace: undefined },
    ];
    const predicate = buildDeploymentOrigin(minimalRecords(objects));
    expect(predicate.objects.map((object) => `${object.namespace ?? '-'}/${object.kind}`)).toEqual([
      '-/ClusterRole',
      'other/ConfigMap',
      'shop/ConfigMap',
    ]);
    expect(validate(predicate)).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import {
  ANNOTATION,
  ANNOTATIONS_SIZE_LIMIT,
  HELM4_FILENAME_ANNOTATION,
  POD_TEMPLATE_ANNOTATIONS,
  type RunFacts,
} from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import { isMap, type Node } from 'yaml';
import type { ChartNode, ExternalChart } from '../src/chart-tree.js';
import { ManifestError } from '../src/error.js';
import type { StampFacts } from '../src/facts.js';
import { collectHints } from '../src/hints.js';
import { filesToRead, locateObjects } from '../src/locate.js';
import { stampStreams, type StampOutput } from '../src/stamp.js';
import { parseManifestStream, type ManifestStream } from '../src/stream.js';
import { parseValuesFile } from '../src/values.js';

// The fixture directory plays the repository: the chart lives in `shop-chart/`, its vendored
// `common` subchart in `common-chart/`, and the `redis` dependency (alias `cache`) is a packaged .tgz.
const FIXTURES = new URL('./fixtures/unit/', import.meta.url);
const REPO = 'https://github.com/acme/shop';
const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);
const API_TOKEN = 'tok-FAKE-5ecr3t-value';
const SESSION_KEY_B64 = 'c2Vzc2lvbi1GQUtFLWtleQ==';
const SESSION_KEY = 'session-FAKE-key';

function fixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

const CACHE: ExternalChart = {
  kind: 'external',
  name: 'redis',
  version: '17.3.11',
  declaredAt: { path: 'shop-chart/Chart.yaml', line: 12 },
  archive: 'shop-chart/charts/redis-17.3.11.tgz',
};
const COMMON: ChartNode = {
  kind: 'chart',
  name: 'common',
  version: '0.3.0',
  dir: 'common-chart',
  children: new Map(),
};
const SHOP: ChartNode = {
  kind: 'chart',
  name: 'shop',
  version: '1.4.2',
  dir: 'shop-chart',
  children: new Map<string, ChartNode | ExternalChart>([
    ['cache', CACHE],
    ['common', COMMON],
  ]),
};

function runFacts(commit: string, attempt: number): RunFacts {
  return {
    repository: { uri: REPO, commit },
    environment: 'prod',
    build: { runUrl: `${REPO}/actions/runs/42/attempts/${attempt}` },
    operator: { id: 'octocat' },
    approvers: ['alice'],
  };
}

function facts(overrides: Partial<StampFacts> = {}): StampFacts {
  return {
    run: runFacts(COMMIT_A, 1),
    owners: new Map([
      ['shop-chart/templates/deployment.yaml', ['@acme/web', '@alice']],
      ['shop-chart/Chart.yaml', ['@acme/platform']],
    ]),
    introducers: new Map([
      [
        'shop-chart/templates/deployment.yaml#L3',
        { name: 'Alice', email: 'alice@example.com', commit: COMMIT_A, via: 'blame' as const },
      ],
    ]),
    imagePins: [],
    userValues: [parseValuesFile(fixture('values/prod.yaml'), 'deploy/prod.yaml')],
    chartValues: new Map([
      ['shop-chart', parseValuesFile(fixture('shop-chart/values.yaml'), 'shop-chart/values.yaml')],
    ]),
    permalinkBase: `${REPO}/blob/${COMMIT_A}`,
    annotations: 'full',
    ...overrides,
  };
}

/** Runs the pure pipeline (parse, hints, locate, stamp) on rendered Helm streams against the fixture chart. */
function stamp(
  texts: readonly string[],
  stampFacts: StampFacts = facts(),
  streamPaths: readonly (string | undefined)[] = [],
): StampOutput {
  const streams = texts.map((text, i) => parseManifestStream(text, `stream-${i}.yaml`));
  const objects = collectHints(streams);
  const files = new Map(filesToRead(objects, SHOP, '').map((path) => [path, fixture(path)]));
  const locations = locateObjects({
    objects,
    streamPaths: texts.map((_, i) => streamPaths[i]),
    chart: SHOP,
    kustomizeRoot: '',
    files,
  });
  return stampStreams({ streams, objects, locations, facts: stampFacts });
}

function stampShop(stampFacts: StampFacts = facts()): StampOutput {
  return stamp([fixture('rendered/shop.yaml')], stampFacts);
}

/** Every object of a stamped text with its annotations and, for workloads, its pod template's text and annotations. */
function inspect(text: string): {
  kind: string;
  name: string;
  annotations: Record<string, string>;
  template: string | undefined;
  templateAnnotations: Record<string, string> | undefined;
}[] {
  const stream: ManifestStream = parseManifestStream(text, 'stamped.yaml');
  return stream.documents.flatMap((doc) =>
    doc.objects.map((object) => {
      const metadata = object.value.metadata as
        { annotations?: Record<string, string> } | undefined;
      const node = doc.yaml?.getIn(['spec', 'template'], true) as Node | undefined;
      const range = node && isMap(node) ? node.range : undefined;
      const template = range
        ? stream.text.slice(doc.start + range[0], doc.start + range[1])
        : undefined;
      const spec = object.value.spec as
        { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined;
      return {
        kind: object.kind,
        name: object.name,
        annotations: metadata?.annotations ?? {},
        template,
        templateAnnotations: spec?.template?.metadata?.annotations,
      };
    }),
  );
}

describe('stampStreams: origin records', () => {
  it('maps every object of the Helm stream to its template line, chart and owners', () => {
    const { records, warnings } = stampShop();
    expect(warnings).toEqual([]);
    expect(
      records.map((record) => [
        `${record.kind}/${record.name}`,
        record.source,
        record.chart,
        record.owners,
      ]),
    ).toEqual([
      [
        'Secret/shop-env',
        { path: 'shop-chart/templates/secret.yaml', line: 2, origin: 'chart', match: 'name' },
        { name: 'shop', version: '1.4.2', path: 'shop-chart' },
        [],
      ],
      [
        'ConfigMap/shop-common',
        {
          path: 'common-chart/templates/configmap.yaml',
          line: 2,
          origin: 'subchart',
          match: 'name',
        },
        { name: 'common', version: '0.3.0', path: 'common-chart' },
        [],
      ],
      [
        'ClusterRole/shop-view',
        { path: 'shop-chart/templates/rbac.yaml', line: 2, origin: 'chart', match: 'name' },
        { name: 'shop', version: '1.4.2', path: 'shop-chart' },
        [],
      ],
      [
        'ClusterRole/shop',
        { path: 'shop-chart/templates/rbac.yaml', line: 22, origin: 'chart', match: 'name' },
        { name: 'shop', version: '1.4.2', path: 'shop-chart' },
        [],
      ],
      [
        'Deployment/shop',
        { path: 'shop-chart/templates/deployment.yaml', line: 3, origin: 'chart', match: 'name' },
        { name: 'shop', version: '1.4.2', path: 'shop-chart' },
        ['@acme/web', '@alice'],
      ],
      [
        'StatefulSet/shop-cache-master',
        {
          path: 'shop-chart/Chart.yaml',
          line: 12,
          origin: 'external',
          template: 'templates/master/statefulset.yaml',
        },
        { name: 'redis', version: '17.3.11' },
        ['@acme/platform'],
      ],
    ]);
  });

  it('records images, Secret references and the service account of a workload with the line behind each', () => {
    const deployment = stampShop().records.find((record) => record.kind === 'Deployment');
    const template = 'shop-chart/templates/deployment.yaml';
    expect(deployment?.introducer).toEqual({
      name: 'Alice',
      email: 'alice@example.com',
      commit: COMMIT_A,
      via: 'blame',
    });
    expect(deployment?.images).toEqual([
      {
        container: 'web',
        ref: 'ghcr.io/acme/shop-web:2.3.1',
        set: { path: 'deploy/prod.yaml', line: 3 },
      },
      {
        container: 'worker',
        ref: 'ghcr.io/acme/shop-worker:2.3.0',
        set: { path: 'shop-chart/values.yaml', line: 10 },
      },
    ]);
    expect(deployment?.secretRefs.filter((ref) => ref.name !== 'worker-env')).toEqual([
      {
        name: 'shop-db-credentials',
        via: 'env',
        container: 'web',
        at: { path: template, line: 29 },
      },
      { name: 'shop-env', via: 'envFrom', container: 'web', at: { path: template, line: 33 } },
      { name: 'shop-tls', via: 'volume', at: { path: template, line: 41 } },
      { name: 'shop-projected', via: 'projected', at: { path: template, line: 46 } },
      { name: 'ghcr-pull', via: 'imagePullSecrets', at: { path: template, line: 20 } },
      { name: 'regcred', via: 'imagePullSecrets', at: { path: template, line: 21 } },
    ]);
    expect(deployment?.serviceAccount).toEqual({
      name: 'shop-web',
      at: { path: template, line: 18 },
    });
  });

  it('finds the values lines of an external chart under its alias key', () => {
    const statefulSet = stampShop().records.find((record) => record.kind === 'StatefulSet');
    expect(statefulSet?.images).toEqual([
      {
        container: 'redis',
        ref: 'docker.io/bitnami/redis:7.2.4',
        set: { path: 'shop-chart/values.yaml', line: 24 },
      },
    ]);
    expect(statefulSet?.secretRefs).toEqual([
      {
        name: 'cache-auth',
        via: 'env',
        container: 'redis',
        at: { path: 'shop-chart/values.yaml', line: 26 },
      },
    ]);
  });

  it('does not attribute a Secret of one container to another container’s name line', () => {
    const deployment = stampShop().records.find((record) => record.kind === 'Deployment');
    const workerEnv = deployment?.secretRefs.find((ref) => ref.name === 'worker-env');
    expect(workerEnv?.container).toBe('worker');
    expect(workerEnv?.at).not.toEqual({ path: 'shop-chart/templates/deployment.yaml', line: 33 });
  });

  it('attributes an image to its own container’s image line', () => {
    const deployment = stampShop(facts({ userValues: [], chartValues: new Map() })).records.find(
      (record) => record.kind === 'Deployment',
    );
    expect(deployment?.images.map((image) => [image.container, image.set])).toEqual([
      ['web', { path: 'shop-chart/templates/deployment.yaml', line: 24 }],
      ['worker', { path: 'shop-chart/templates/deployment.yaml', line: 35 }],
    ]);
  });

  it('warns, naming the stream line, when a Source names another chart', () => {
    const text =
      '# Source: other/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    const { records, warnings } = stamp([text]);
    expect(records[0]?.source).toBeUndefined();
    expect(warnings).toEqual([
      'stream-0.yaml:3: Source "other/templates/cm.yaml" names chart "other", not "shop" (set --chart)',
    ]);
  });
});

describe('stampStreams: annotations', () => {
  it('writes the flat keys and the provenance record on the object', () => {
    const deployment = inspect(stampShop().texts[0] ?? '').find(
      (object) => object.kind === 'Deployment',
    );
    const source = 'shop-chart/templates/deployment.yaml#L3';
    const { [ANNOTATION.provenance]: provenance, ...flat } = deployment?.annotations ?? {};
    expect(flat).toEqual({
      [ANNOTATION.source]: source,
      [ANNOTATION.sourceUrl]: `${REPO}/blob/${COMMIT_A}/${source}`,
      [ANNOTATION.repo]: REPO,
      [ANNOTATION.commit]: COMMIT_A,
      [ANNOTATION.chart]: 'shop@1.4.2',
      [ANNOTATION.owners]: '@acme/web,@alice',
      [ANNOTATION.environment]: 'prod',
      [ANNOTATION.build]: `${REPO}/actions/runs/42/attempts/1`,
    });
    expect(JSON.parse(provenance ?? '{}')).toMatchObject({
      v: 1,
      source: { path: 'shop-chart/templates/deployment.yaml', line: 3, origin: 'chart' },
      chart: { name: 'shop', version: '1.4.2' },
      repository: { uri: REPO, commit: COMMIT_A },
      approvers: ['alice'],
      operator: { id: 'octocat' },
      owners: ['@acme/web', '@alice'],
      serviceAccount: { name: 'shop-web' },
    });
  });

  it('omits trailmark.dev/provenance with --annotations minimal', () => {
    const objects = inspect(stampShop(facts({ annotations: 'minimal' })).texts[0] ?? '');
    expect(objects).toHaveLength(6);
    for (const object of objects) {
      expect(Object.keys(object.annotations)).not.toContain(ANNOTATION.provenance);
      expect(object.annotations[ANNOTATION.source]).toBeDefined();
    }
  });

  it('puts only the stable keys on pod templates', () => {
    const workloads = inspect(stampShop().texts[0] ?? '').filter(
      (object) => object.template !== undefined,
    );
    expect(workloads.map((object) => object.kind)).toEqual(['Deployment', 'StatefulSet']);
    expect(workloads[0]?.templateAnnotations).toEqual({
      [ANNOTATION.source]: 'shop-chart/templates/deployment.yaml#L3',
      [ANNOTATION.repo]: REPO,
      [ANNOTATION.chart]: 'shop@1.4.2',
      [ANNOTATION.owners]: '@acme/web,@alice',
      [ANNOTATION.environment]: 'prod',
    });
    for (const workload of workloads) {
      for (const key of Object.keys(workload.templateAnnotations ?? {}))
        expect(POD_TEMPLATE_ANNOTATIONS).toContain(key);
    }
  });

  it('leaves every pod template byte-identical when only the commit and build URL change', () => {
    const first = inspect(stampShop().texts[0] ?? '');
    const second = inspect(
      stampShop(facts({ run: runFacts(COMMIT_B, 2), permalinkBase: `${REPO}/blob/${COMMIT_B}` }))
        .texts[0] ?? '',
    );
    const templates = (objects: typeof first): (string | undefined)[] =>
      objects.filter((object) => object.template !== undefined).map((object) => object.template);
    expect(templates(second)).toHaveLength(2);
    expect(templates(second)).toEqual(templates(first));
    // The objects themselves do record the new commit.
    expect(second.map((object) => object.annotations[ANNOTATION.commit])).toEqual(
      first.map(() => COMMIT_B),
    );
  });

  it('never copies Secret data or stringData into annotations, records or warnings', () => {
    const output = stampShop();
    const secretValues = [API_TOKEN, SESSION_KEY_B64, SESSION_KEY];
    const annotations = JSON.stringify(
      inspect(output.texts[0] ?? '').map((object) => [
        object.annotations,
        object.templateAnnotations,
      ]),
    );
    const records = JSON.stringify(output.records);
    for (const value of secretValues) {
      expect(annotations).not.toContain(value);
      expect(records).not.toContain(value);
      expect(output.warnings.join('\n')).not.toContain(value);
    }
    // The Secret's own data is passed through untouched.
    expect(output.texts[0]).toContain(
      `stringData:\n  API_TOKEN: "${API_TOKEN}"\ndata:\n  SESSION_KEY: ${SESSION_KEY_B64}\n`,
    );
  });

  it('keeps Helm 4’s postrender-filename annotation', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shop-common\n  annotations:\n    ${HELM4_FILENAME_ANNOTATION}: shop/charts/common/templates/configmap.yaml\n`;
    const output = stamp([text]);
    const [object] = inspect(output.texts[0] ?? '');
    expect(object?.annotations[HELM4_FILENAME_ANNOTATION]).toBe(
      'shop/charts/common/templates/configmap.yaml',
    );
    expect(object?.annotations[ANNOTATION.source]).toBe('common-chart/templates/configmap.yaml#L2');
  });

  it('pins images to digests given with --image and records the digest', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const output = stampShop(facts({ imagePins: [{ ref: 'ghcr.io/acme/shop-web', digest }] }));
    const deployment = output.records.find((record) => record.kind === 'Deployment');
    expect(deployment?.images[0]).toMatchObject({
      container: 'web',
      ref: `ghcr.io/acme/shop-web:2.3.1@${digest}`,
      digest,
    });
    expect(deployment?.images[1]).not.toHaveProperty('digest');
    expect(output.texts[0]).toContain(`          image: "ghcr.io/acme/shop-web:2.3.1@${digest}"\n`);
    expect(output.texts[0]).toContain('          image: ghcr.io/acme/shop-worker:2.3.0\n');
  });
});

describe('stampStreams: determinism and idempotence', () => {
  it('gives identical bytes and records for the same input', () => {
    const first = stampShop();
    const second = stampShop();
    expect(second.texts).toEqual(first.texts);
    expect(JSON.stringify(second.records)).toBe(JSON.stringify(first.records));
  });

  it('gives identical bytes when its own output is stamped again', () => {
    const once = stampShop().texts[0] ?? '';
    const twice = stamp([once]).texts[0];
    expect(twice).toBe(once);
  });

  it('replaces what an earlier run at another commit wrote', () => {
    const earlier =
      stampShop(facts({ run: runFacts(COMMIT_B, 2), permalinkBase: `${REPO}/blob/${COMMIT_B}` }))
        .texts[0] ?? '';
    expect(stamp([earlier]).texts[0]).toBe(stampShop().texts[0]);
  });

  it('changes nothing but the stamped entries: removing them gives back the input', () => {
    const input = fixture('rendered/shop.yaml');
    const output = stampShop(facts({ annotations: 'minimal' })).texts[0] ?? '';
    const unstamped = output
      .split('\n')
      .filter((line) => !/^\s+trailmark\.dev\//.test(line))
      .join('\n')
      .replace(/\n {2}annotations:\n(?=\S| {2}\S)/g, '\n')
      .replace(/\n {6}annotations:\n(?= {6}\S| {4}\S)/g, '\n')
      .replace(/\n {2}labels:\n(?=\S| {2}\S)/g, '\n');
    expect(unstamped).toBe(input);
  });

  it('keeps a BOM and CRLF line ends', () => {
    const text =
      '\uFEFF# Source: shop/templates/secret.yaml\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: shop-env\r\n';
    const out = stamp([text]).texts[0] ?? '';
    expect(
      out.startsWith(
        '\uFEFF# Source: shop/templates/secret.yaml\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: shop-env\r\n  annotations:\r\n',
      ),
    ).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('stampStreams: annotation size limit', () => {
  const KEY = 'example.com/blob';
  const withBlob = (size: number): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\n  annotations:\n    ${KEY}: ${'x'.repeat(size)}\n`;
  /** Bytes of the annotations trailmark adds to the plain ConfigMap above. */
  function ownBytes(): number {
    const out = stamp([withBlob(1)], facts(), ['deploy/huge.yaml']).texts[0] ?? '';
    const annotations = inspect(out)[0]?.annotations ?? {};
    return Object.entries(annotations)
      .filter(([key]) => key !== KEY)
      .reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  }

  it(`accepts a total of exactly ${ANNOTATIONS_SIZE_LIMIT} bytes`, () => {
    const room = ANNOTATIONS_SIZE_LIMIT - ownBytes() - KEY.length;
    expect(() => stamp([withBlob(room)], facts(), ['deploy/huge.yaml'])).not.toThrow();
  });

  it('fails with MANIFEST_ANNOTATIONS_TOO_LARGE naming file:line and the object one byte over', () => {
    const size = ANNOTATIONS_SIZE_LIMIT - ownBytes() - KEY.length + 1;
    let error: unknown;
    try {
      stamp(
        ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: small\n---\n' + withBlob(size)],
        facts(),
        ['deploy/huge.yaml'],
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const manifestError = error as ManifestError;
    expect(manifestError.code).toBe('MANIFEST_ANNOTATIONS_TOO_LARGE');
    expect(manifestError.message).toBe(
      `stream-0.yaml:7: ConfigMap/huge: annotations would total ${ANNOTATIONS_SIZE_LIMIT + 1} bytes, over Kubernetes' limit of ${ANNOTATIONS_SIZE_LIMIT}; use --annotations minimal`,
    );
    expect(manifestError.location).toEqual({ path: 'stream-0.yaml', line: 7 });
  });

  it('lets --annotations minimal fit where the full record does not', () => {
    const full = ownBytes();
    const minimal = (() => {
      const out =
        stamp([withBlob(1)], facts({ annotations: 'minimal' }), ['deploy/huge.yaml']).texts[0] ??
        '';
      return Object.entries(inspect(out)[0]?.annotations ?? {})
        .filter(([key]) => key !== KEY)
        .reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
    })();
    const size = ANNOTATIONS_SIZE_LIMIT - full - KEY.length + 1;
    expect(minimal).toBeLessThan(full);
    expect(() => stamp([withBlob(size)], facts(), ['deploy/huge.yaml'])).toThrow(ManifestError);
    expect(() =>
      stamp([withBlob(size)], facts({ annotations: 'minimal' }), ['deploy/huge.yaml']),
    ).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import type { BuildBomInput, Lockfile } from '../src/index.js';
import { buildBom, createBomValidator, SbomError, serializeBom } from '../src/index.js';
import { fixtureText, JS_FIXTURES, readFixture } from './helpers/fixtures.js';

const STAMPS = {
  serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
  timestamp: '2026-01-01T00:00:00Z',
  toolVersion: '0.1.0',
};

const HAND = JS_FIXTURES.filter((entry) => entry.name.startsWith('hand-'));
const CORPUS = JS_FIXTURES.filter((entry) => !entry.name.startsWith('hand-'));

function input(lockfiles: Lockfile[], extra: Partial<BuildBomInput> = {}): BuildBomInput {
  return { lockfiles, metadataComponent: { name: 'shop', version: '1.4.2' }, ...STAMPS, ...extra };
}

interface CdxComponent {
  'bom-ref': string;
  name: string;
  purl?: string;
  scope?: string;
  properties?: { name: string; value: string }[];
}
interface CdxBom {
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  metadata: { component: { 'bom-ref': string } };
}

/** Every `trailmark:source` must be the key line of an entry that names the component. */
function sourceMismatches(bom: CdxBom): string[] {
  const texts = new Map(
    JS_FIXTURES.map((entry) => [
      entry.lockfile,
      fixtureText(`lockfiles/${entry.lockfile}`).split('\n'),
    ]),
  );
  const wrong: string[] = [];
  for (const component of bom.components) {
    for (const { name, value } of component.properties ?? []) {
      if (name !== 'trailmark:source') continue;
      const [path = '', line = ''] = value.split('#L');
      const text = texts.get(path)?.[Number(line) - 1] ?? '';
      const isKeyLine = /^\s*\S.*:(\s*\{)?\s*$/.test(text);
      if (!isKeyLine || !text.includes(component.name))
        wrong.push(`${component['bom-ref']} ${value}: ${text}`);
    }
  }
  return wrong;
}

describe('buildBom + serializeBom', () => {
  const hand = HAND.map((entry) => readFixture(entry).lockfile);

  it('matches the golden SBOM of the hand-written lockfiles, which validates against CycloneDX 1.6', async () => {
    const json = serializeBom(buildBom(input(hand)));
    const file = new URL('./fixtures/golden/hand-lockfiles.cdx.golden.json', import.meta.url);
    expect(json).toBe(golden(file, json));
    expect(await createBomValidator('1.6')(json)).toEqual([]);
  });

  it('validates as CycloneDX 1.5 and 1.7 too, and refuses other versions', async () => {
    const bom = buildBom(input(hand));
    for (const spec of ['1.5', '1.7'] as const) {
      const json = serializeBom(bom, spec);
      expect(JSON.parse(json)).toMatchObject({ specVersion: spec });
      expect(await createBomValidator(spec)(json)).toEqual([]);
    }
    expect(() => serializeBom(bom, '1.4' as '1.5')).toThrow(SbomError);
  });

  it('merges equal purls across lockfiles: every source kept, required wins', () => {
    const bom = JSON.parse(serializeBom(buildBom(input(hand)))) as CdxBom;
    const ms = bom.components.filter((component) => component.purl === 'pkg:npm/ms@2.1.3');
    expect(ms).toHaveLength(1);
    const sources = ms[0]?.properties
      ?.filter((property) => property.name === 'trailmark:source')
      .map((property) => property.value);
    expect(sources).toEqual([
      'hand/npm-v1/package-lock.json#L34',
      'hand/npm-v2/package-lock.json#L72',
      'hand/npm-v3-edge/package-lock.json#L75',
      'hand/pnpm-v6/pnpm-lock.yaml#L56',
      'hand/pnpm-v9-edge/pnpm-lock.yaml#L64',
      'hand/yarn-berry-edge/yarn.lock#L61',
      'hand/yarn-classic-edge/yarn.lock#L28',
    ]);
    expect(ms[0]?.scope).toBe('required');
    expect(sourceMismatches(bom)).toEqual([]);
  });

  it('connects the metadata component to each lockfile root and each root to its direct dependencies', () => {
    const bom = JSON.parse(serializeBom(buildBom(input(hand)))) as CdxBom;
    const edges = new Map(
      bom.dependencies.map((dependency) => [dependency.ref, dependency.dependsOn ?? []]),
    );
    expect(edges.get('release:shop')).toEqual(
      HAND.map((entry) => `lockfile:${entry.lockfile}`).sort(),
    );
    expect(edges.get('lockfile:hand/npm-v2/package-lock.json')).toEqual([
      'pkg:npm/debug@4.4.0',
      'pkg:npm/fsevents@2.3.3',
      'pkg:npm/loose-envify@1.4.0',
      'pkg:npm/nanoid@3.3.11',
      'pkg:npm/string-width@4.2.3',
    ]);
    const refs = new Set([
      ...bom.components.map((component) => component['bom-ref']),
      bom.metadata.component['bom-ref'],
    ]);
    expect([...edges.values()].flat().filter((ref) => !refs.has(ref))).toEqual([]);
  });

  it('takes extra components (images, charts) through the extension point', async () => {
    const digest = '244fd47e07d1004f0aed9c156aa09083d2d9d2ad1ccbc4d8d2e0e7c7b7e8e8a1';
    const bom = buildBom(
      input(hand.slice(0, 1), {
        extraComponents: [
          {
            bomRef: 'chart:shop',
            type: 'application',
            name: 'shop',
            version: '1.4.2',
            purl: 'pkg:helm/shop@1.4.2',
            sources: [{ path: 'charts/shop/Chart.yaml', line: 2 }],
            dependsOn: ['image:api'],
          },
          {
            bomRef: 'image:api',
            type: 'container',
            name: 'api',
            version: `sha256:${digest}`,
            purl: `pkg:oci/api@sha256:${digest}?repository_url=ghcr.io%2Facme%2Fapi&tag=1.2.3`,
            hashes: [{ alg: 'SHA-256', content: digest }],
          },
        ],
      }),
    );
    const json = serializeBom(bom);
    const doc = JSON.parse(json) as CdxBom;
    const edges = new Map(
      doc.dependencies.map((dependency) => [dependency.ref, dependency.dependsOn ?? []]),
    );
    expect(edges.get('release:shop')).toEqual([
      'chart:shop',
      'lockfile:hand/npm-v1/package-lock.json',
    ]);
    expect(edges.get('chart:shop')).toEqual(['image:api']);
    expect(doc.components.find((component) => component['bom-ref'] === 'image:api')).toMatchObject({
      type: 'container',
    });
    expect(await createBomValidator('1.6')(json)).toEqual([]);
  });

  it('is deterministic: same input, same bytes, whatever the lockfile order', () => {
    const first = serializeBom(buildBom(input(hand)));
    expect(serializeBom(buildBom(input(hand)))).toBe(first);
    expect(serializeBom(buildBom(input([...hand].reverse())))).toBe(first);
  });

  it('refuses a serial number or timestamp it cannot write', () => {
    expect(() => buildBom(input(hand, { serialNumber: 'not-a-urn' }))).toThrow(/serial number/);
    expect(() => buildBom(input(hand, { timestamp: 'yesterday' }))).toThrow(/timestamp/);
  });
});

describe('SBOM of the four real lockfiles', () => {
  const lockfiles = CORPUS.map((entry) => readFixture(entry).lockfile);

  it('validates against CycloneDX 1.6, points every source at its entry, and is deterministic', async () => {
    const json = serializeBom(buildBom(input(lockfiles)));
    expect(await createBomValidator('1.6')(json)).toEqual([]);
    const bom = JSON.parse(json) as CdxBom;
    expect(sourceMismatches(bom)).toEqual([]);
    expect(
      bom.components.filter((component) => component.purl === undefined).map((c) => c['bom-ref']),
    ).toEqual([
      'lockfile:npm-v3-prometheus-web-ui-workspaces/package-lock.json',
      'lockfile:pnpm-v9-argo-cd-ui/pnpm-lock.yaml',
      'lockfile:yarn-berry-prettier/yarn.lock',
      'lockfile:yarn-v1-calico-whisker/yarn.lock',
    ]);
    expect(serializeBom(buildBom(input([...lockfiles].reverse())))).toBe(json);
  });
});

describe('createBomValidator', () => {
  it('returns issues for an invalid document instead of throwing', async () => {
    const issues = await createBomValidator('1.6')(
      JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'x' }] }),
    );
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]?.pointer).toBe('/components/0');
  });

  it('has no schema for unknown versions', () => {
    expect(() => createBomValidator('2.0')).toThrow(SbomError);
  });
});

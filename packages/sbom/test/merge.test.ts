import { describe, expect, it } from 'vitest';
import {
  buildBom,
  createBomValidator,
  mergeBoms,
  purlKey,
  SbomError,
  serializeBom,
} from '../src/index.js';
import { fixture, fixtureText, readFixture } from './helpers/fixtures.js';

const DIGEST = '244fd47e07d1004f0aed9c156aa09083d2d9d2ad1ccbc4d8d2e0e7c7b7e8e8a1';

type Doc = Record<string, unknown> & {
  components: {
    'bom-ref': string;
    purl?: string;
    hashes?: unknown[];
    properties?: { name: string; value: string }[];
  }[];
  dependencies: { ref: string; dependsOn?: string[] }[];
};

function baseBom(): Record<string, unknown> {
  const bom = buildBom({
    lockfiles: [readFixture(fixture('hand-npm-v2')).lockfile],
    metadataComponent: { name: 'shop', version: '1.4.2' },
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    timestamp: '2026-01-01T00:00:00Z',
    toolVersion: '0.1.0',
    extraComponents: [
      {
        bomRef: 'image:api',
        type: 'container',
        name: 'api',
        version: `sha256:${DIGEST}`,
        purl: `pkg:oci/api@sha256:${DIGEST}?repository_url=ghcr.io%2Facme%2Fapi`,
        hashes: [{ alg: 'SHA-256', content: DIGEST }],
      },
    ],
  });
  return JSON.parse(serializeBom(bom)) as Record<string, unknown>;
}

const imageSbom = (): unknown => JSON.parse(fixtureText('cdx/image-sbom.cdx.json'));

describe('mergeBoms', () => {
  it('attaches an image SBOM to the image component with the same purl and keeps its edges', async () => {
    const merged = (await mergeBoms(baseBom(), [imageSbom()])) as Doc;
    const edges = new Map(
      merged.dependencies.map((dependency) => [dependency.ref, dependency.dependsOn ?? []]),
    );
    expect(edges.get('image:api')).toEqual([
      'pkg:npm/debug@4.4.0',
      'pkg:npm/ms@2.1.3',
      'syft-libc6',
    ]);
    expect(edges.get('pkg:npm/debug@4.4.0')).toEqual(['pkg:npm/ms@2.1.3', 'syft-debug-inner']);
    expect(merged.components.filter((component) => component['bom-ref'] === 'image-root')).toEqual(
      [],
    );
  });

  it('unions hashes and properties of components deduplicated by purl', async () => {
    const merged = (await mergeBoms(baseBom(), [imageSbom()])) as Doc;
    const ms = merged.components.filter((component) => component.purl === 'pkg:npm/ms@2.1.3');
    expect(ms).toHaveLength(1);
    expect(ms[0]?.['bom-ref']).toBe('pkg:npm/ms@2.1.3');
    expect(ms[0]?.hashes).toEqual([
      { alg: 'SHA-1', content: '574c8138ce1d2b5861f0b44579dbadd60c6615b2' },
      {
        alg: 'SHA-512',
        content:
          'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394',
      },
    ]);
    expect(ms[0]?.properties?.map((property) => property.name)).toEqual([
      'syft:location:0:path',
      'syft:package:foundBy',
      'trailmark:source',
    ]);
    expect(merged.components.map((component) => component['bom-ref'])).toContain(
      'syft-debug-inner',
    );
  });

  it('produces a valid, deterministic document and leaves the base alone', async () => {
    const base = baseBom();
    const before = JSON.stringify(base);
    const first = JSON.stringify(await mergeBoms(base, [imageSbom()]));
    expect(JSON.stringify(base)).toBe(before);
    expect(JSON.stringify(await mergeBoms(baseBom(), [imageSbom()]))).toBe(first);
    expect(await createBomValidator('1.6')(first)).toEqual([]);
  });

  it('rejects an invalid merge input with SBOM_INVALID_MERGE naming the first schema error', async () => {
    const invalid = JSON.parse(fixtureText('cdx/invalid-sbom.cdx.json')) as unknown;
    const error = await mergeBoms(baseBom(), [imageSbom(), invalid], {
      labels: ['image.cdx.json', 'broken.cdx.json'],
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SbomError);
    expect((error as SbomError).code).toBe('SBOM_INVALID_MERGE');
    expect((error as SbomError).message).toMatch(
      /^broken\.cdx\.json: not valid CycloneDX 1\.6: \/components\/0\/hashes\/0\/content /,
    );
    await expect(mergeBoms(baseBom(), [{ hello: 'world' }])).rejects.toThrow(
      /merge input 1: not a CycloneDX JSON document/,
    );
  });
});

describe('purlKey', () => {
  it('compares parsed purls, not strings', () => {
    expect(purlKey(`pkg:oci/api@sha256%3A${DIGEST}?repository_url=ghcr.io%2Facme%2Fapi`)).toBe(
      purlKey(`pkg:oci/API@sha256:${DIGEST}?repository_url=ghcr.io/acme/api`),
    );
    expect(purlKey('pkg:npm/%40Scope/Name@1.0.0?b=2&a=1')).toBe(
      purlKey('pkg:npm/@scope/name@1.0.0?a=1&b=2'),
    );
    expect(purlKey('pkg:npm/a@1.0.0')).not.toBe(purlKey('pkg:npm/a@1.0.1'));
  });
});

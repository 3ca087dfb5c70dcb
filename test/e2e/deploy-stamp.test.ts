import { beforeAll, describe, expect, it } from 'vitest';
import type { Records } from './helpers.js';
import { stampServeManifests, type PodTemplate, type StampedFile } from './deploy-objects.js';

// deploy/serve, the manifests that run `trailmark serve` in a cluster, stamped by trailmark itself
// in a real git repository, as a team deploying it would: every object, and the pods the
// Deployment creates, must name the file and line they come from and their owners.
describe('deploy/serve stamped by trailmark', () => {
  let stamped: StampedFile[];
  let original: StampedFile[];
  let records: Records;

  beforeAll(async () => {
    ({ stamped, original, records } = await stampServeManifests());
  });

  it('stamps every object with deploy/serve/<file> and the line of its kind', () => {
    expect(stamped.map((file) => file.documents.length)).toEqual(
      original.map((file) => file.documents.length),
    );
    for (const [i, file] of stamped.entries()) {
      for (const [j, { object }] of file.documents.entries()) {
        const line = original[i]?.documents[j]?.kindLine;
        const where = `deploy/serve/${file.file}`;
        const name = `${object.kind}/${object.metadata.name}`;
        const annotations = object.metadata.annotations ?? {};
        expect(annotations['trailmark.dev/source'], name).toBe(`${where}#L${line}`);
        expect(annotations['trailmark.dev/owners'], name).toBe('@acme/platform');
        const provenance = JSON.parse(annotations['trailmark.dev/provenance'] ?? '{}') as {
          source?: { path: string; line: number };
          introducer?: { email: string };
        };
        expect(provenance.source, name).toMatchObject({ path: where, line });
        expect(provenance.introducer?.email, name).toBe('pat@acme.example');
        expect(object.metadata.labels?.['trailmark.dev/origin'], name).toMatch(/^[0-9a-f]{16}$/);
      }
    }
  });

  it('writes one origin record per object, with the same file and line', () => {
    const expected = original.flatMap((file) =>
      file.documents.map(({ object, kindLine }) => ({
        kind: object.kind,
        name: object.metadata.name,
        path: `deploy/serve/${file.file}`,
        line: kindLine,
      })),
    );
    expect(
      records.objects.map((record) => ({
        kind: record.kind,
        name: record.name,
        path: record.source?.path,
        line: record.source?.line,
      })),
    ).toEqual(expected);
    for (const record of records.objects) expect(record.owners).toEqual(['@acme/platform']);
  });

  it("gives serve's pods the Deployment's source and owners", () => {
    const deployment = stamped
      .flatMap((file) => file.documents)
      .find(({ object }) => object.kind === 'Deployment')?.object;
    const template = deployment?.spec?.template as PodTemplate | undefined;
    const annotations = template?.metadata.annotations ?? {};
    expect(annotations['trailmark.dev/source']).toBe(
      deployment?.metadata.annotations?.['trailmark.dev/source'],
    );
    expect(annotations['trailmark.dev/source']).toMatch(/^deploy\/serve\/deployment\.yaml#L\d+$/);
    expect(annotations['trailmark.dev/owners']).toBe('@acme/platform');
    expect(template?.metadata.labels['trailmark.dev/origin']).toBe(
      deployment?.metadata.labels?.['trailmark.dev/origin'],
    );
  });

  it('leaves the Secret references alone: the Deployment still reads the same Secrets', () => {
    const secretNames = (files: StampedFile[]): string[] =>
      files
        .flatMap((file) => file.documents)
        .flatMap(({ object }) => JSON.stringify(object).match(/"secretName":"[^"]+"/g) ?? [])
        .sort();
    expect(secretNames(stamped)).toEqual(secretNames(original));
    expect(secretNames(stamped).length).toBeGreaterThan(0);
  });
});

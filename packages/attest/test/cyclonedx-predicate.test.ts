import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import { buildSbomPredicate, buildStatement, subjectFromImage } from '@trailmark/attest';

const text = readFileSync(new URL('fixtures/image-sbom.cdx.json', import.meta.url), 'utf8');

describe('buildSbomPredicate', () => {
  it('is the BOM itself, the same object and the same bytes', () => {
    const bom = JSON.parse(text) as unknown;
    const predicate = buildSbomPredicate(bom);
    expect(predicate).toBe(bom);
    expect(JSON.stringify(predicate)).toBe(JSON.stringify(JSON.parse(text)));
  });

  it('goes into a https://cyclonedx.org/bom statement unchanged', () => {
    const image =
      'ghcr.io/acme/api@sha256:244fd47e07d1004f0aed9c156aa09083d2d9d2ad1ccbc4d8d2e0e7c7b7e8e8a1';
    const statement = buildStatement(
      [subjectFromImage(image)],
      PREDICATE_TYPE.cyclonedx,
      buildSbomPredicate(JSON.parse(text)),
    );
    expect(statement.predicateType).toBe('https://cyclonedx.org/bom');
    expect(JSON.stringify(statement)).toBe(
      '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"ghcr.io/acme/api","digest":{"sha256":"244fd47e07d1004f0aed9c156aa09083d2d9d2ad1ccbc4d8d2e0e7c7b7e8e8a1"}}],' +
        `"predicateType":"https://cyclonedx.org/bom","predicate":${JSON.stringify(JSON.parse(text))}}`,
    );
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /the SBOM is not a JSON object/],
    ['an array', [], /the SBOM is not a JSON object/],
    [
      'an SPDX document',
      { spdxVersion: 'SPDX-2.3' },
      /not CycloneDX JSON: bomFormat is missing, expected "CycloneDX"/,
    ],
    [
      'a wrong bomFormat',
      { bomFormat: 'cyclonedx', specVersion: '1.6' },
      /bomFormat is "cyclonedx"/,
    ],
    ['no specVersion', { bomFormat: 'CycloneDX' }, /has no specVersion/],
  ])('rejects %s', (_, bom, message) => {
    expect(() => buildSbomPredicate(bom)).toThrow(message);
    expect(() => buildSbomPredicate(bom)).toThrow(
      expect.objectContaining({ code: 'ATTEST_INVALID_PREDICATE' }),
    );
  });
});

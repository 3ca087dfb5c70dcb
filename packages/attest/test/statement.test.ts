import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE, STATEMENT_TYPE, type Subject } from '@trailmark/core';
import { AttestError, buildStatement } from '@trailmark/attest';

const subjects: Subject[] = [
  { name: 'rendered/shop.yaml', digest: { sha256: '5'.repeat(64) } },
  { name: 'ghcr.io/acme/shop', digest: { sha256: '3'.repeat(64) } },
  { name: 'ghcr.io/acme/shop', digest: { sha512: '4'.repeat(128) } },
];

describe('buildStatement', () => {
  it('writes an in-toto Statement v1 with keys in the order GitHub writes them', () => {
    const statement = buildStatement(subjects, 'https://example.com/predicate/v1', { ok: true });
    expect(JSON.stringify(statement)).toBe(
      `{"_type":"${STATEMENT_TYPE}","subject":[` +
        `{"name":"ghcr.io/acme/shop","digest":{"sha256":"${'3'.repeat(64)}","sha512":"${'4'.repeat(128)}"}},` +
        `{"name":"rendered/shop.yaml","digest":{"sha256":"${'5'.repeat(64)}"}}],` +
        `"predicateType":"https://example.com/predicate/v1","predicate":{"ok":true}}`,
    );
  });

  it('is deterministic: any order of the same subjects gives the same bytes', () => {
    const orders = [subjects, [...subjects].reverse(), [subjects[1]!, subjects[0]!, subjects[2]!]];
    const outputs = orders.map((order) =>
      JSON.stringify(buildStatement(order, PREDICATE_TYPE.deploymentOrigin, { objects: [] })),
    );
    expect(new Set(outputs).size).toBe(1);
  });

  it('validates subjects', () => {
    expect(() =>
      buildStatement([{ name: 'x', digest: { sha256: 'ABC' } }], PREDICATE_TYPE.slsaProvenance, {}),
    ).toThrow(expect.objectContaining({ code: 'ATTEST_INVALID_SUBJECT' }));
  });

  it.each<[string, string, unknown, RegExp]>([
    ['an empty predicate type', '', {}, /predicate type "" is not an absolute URI/],
    [
      'a relative predicate type',
      'provenance/v1',
      {},
      /predicate type "provenance\/v1" is not an absolute URI/,
    ],
    [
      'a null predicate',
      PREDICATE_TYPE.slsaProvenance,
      null,
      /the https:\/\/slsa.dev\/provenance\/v1 predicate must be a JSON object/,
    ],
    ['an array predicate', PREDICATE_TYPE.cyclonedx, [], /predicate must be a JSON object/],
    ['a string predicate', PREDICATE_TYPE.cyclonedx, '{}', /predicate must be a JSON object/],
  ])('rejects %s', (_, predicateType, predicate, message) => {
    let caught: unknown;
    try {
      buildStatement(subjects, predicateType, predicate as object);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AttestError);
    expect((caught as AttestError).code).toBe('ATTEST_INVALID_PREDICATE');
    expect((caught as AttestError).message).toMatch(message);
  });
});

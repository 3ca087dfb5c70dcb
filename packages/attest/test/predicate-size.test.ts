import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE, STATEMENT_TYPE, type Statement } from '@trailmark/core';
import {
  AttestError,
  STATEMENT_SIZE_LIMIT,
  buildStatement,
  checkPredicateSize,
  statementSize,
} from '@trailmark/attest';

const subject = [{ name: 'sbom.cdx.json', digest: { sha256: 'a'.repeat(64) } }];

/** A statement whose JSON is exactly `bytes` long, padded with a string in the predicate. */
function statementOf(bytes: number, filler = 'x'): Statement<{ pad: string }> {
  const empty: Statement<{ pad: string }> = {
    _type: STATEMENT_TYPE,
    subject,
    predicateType: PREDICATE_TYPE.cyclonedx,
    predicate: { pad: '' },
  };
  const room = bytes - statementSize(empty);
  const unit = Buffer.byteLength(filler);
  return {
    ...empty,
    predicate: { pad: filler.repeat(Math.floor(room / unit)) + 'x'.repeat(room % unit) },
  };
}

describe('checkPredicateSize', () => {
  it("is 16 MiB, GitHub's limit", () => {
    expect(STATEMENT_SIZE_LIMIT).toBe(16_777_216);
  });

  it('accepts a statement of exactly 16 MiB', () => {
    const statement = statementOf(STATEMENT_SIZE_LIMIT);
    expect(statementSize(statement)).toBe(STATEMENT_SIZE_LIMIT);
    expect(() => {
      checkPredicateSize(statement);
    }).not.toThrow();
  });

  it('rejects one byte more, naming the predicate type, the size and the limit', () => {
    const statement = statementOf(STATEMENT_SIZE_LIMIT + 1);
    let caught: unknown;
    try {
      checkPredicateSize(statement);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AttestError);
    expect((caught as AttestError).code).toBe('ATTEST_PREDICATE_TOO_LARGE');
    expect((caught as AttestError).message).toBe(
      "the https://cyclonedx.org/bom statement is 16777217 bytes (16.00 MiB), over GitHub's 16 MiB limit (16777216 bytes); split its subjects or trim the predicate",
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    const statement = statementOf(STATEMENT_SIZE_LIMIT + 3, 'é');
    expect(statementSize(statement)).toBe(STATEMENT_SIZE_LIMIT + 3);
    expect(JSON.stringify(statement).length).toBeLessThan(STATEMENT_SIZE_LIMIT);
    expect(() => {
      checkPredicateSize(statement);
    }).toThrow(/16777219 bytes/);
  });

  it('is applied by buildStatement', () => {
    const big = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      pad: 'x'.repeat(STATEMENT_SIZE_LIMIT),
    };
    expect(() => buildStatement(subject, PREDICATE_TYPE.cyclonedx, big)).toThrow(
      expect.objectContaining({ code: 'ATTEST_PREDICATE_TOO_LARGE' }),
    );
  });

  it('reports a predicate JSON cannot carry, keeping the cause', () => {
    let caught: unknown;
    try {
      buildStatement(subject, PREDICATE_TYPE.deploymentOrigin, { count: 1n });
    } catch (err) {
      caught = err;
    }
    expect((caught as AttestError).code).toBe('ATTEST_INVALID_PREDICATE');
    expect((caught as AttestError).message).toMatch(
      /deployment-origin\/v1 predicate cannot be serialized as JSON/,
    );
    // Kept as a scrubbed copy that names the original class.
    expect((caught as AttestError).cause).toMatchObject({ name: 'TypeError' });
  });
});

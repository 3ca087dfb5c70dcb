import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTrailmarkError, toCanonicalJson } from '@trailmark/core';

// RFC 8785 vectors: see fixtures/jcs/README.md for where each file came from.
const JCS = new URL('fixtures/jcs/', import.meta.url);
const vectors = readdirSync(new URL('input/', JCS)).filter((name) => name.endsWith('.json'));

const doubleFromBits = (hex: string): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

const appendixB = readFileSync(new URL('rfc8785-appendix-b.csv', JCS), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',') as [string, string]);

const codeOf = (thunk: () => unknown): string | undefined => {
  try {
    thunk();
  } catch (err) {
    return isTrailmarkError(err) ? err.code : 'not a TrailmarkError';
  }
  return undefined;
};

describe('toCanonicalJson (RFC 8785)', () => {
  it('has the six upstream vector pairs', () => {
    expect(vectors.sort()).toEqual([
      'arrays.json',
      'french.json',
      'structures.json',
      'unicode.json',
      'values.json',
      'weird.json',
    ]);
  });

  it.each(vectors)('canonicalises %s to the upstream output byte for byte', (name) => {
    const input: unknown = JSON.parse(readFileSync(new URL(`input/${name}`, JCS), 'utf8'));
    const expected = readFileSync(new URL(`output/${name}`, JCS));
    expect(Buffer.from(toCanonicalJson(input), 'utf8').equals(expected)).toBe(true);
  });

  it.each(appendixB.filter(([, text]) => text !== ''))(
    'writes the double with bits %s as %s (Appendix B)',
    (bits, text) => {
      expect(toCanonicalJson(doubleFromBits(bits))).toBe(text);
    },
  );

  it.each(appendixB.filter(([, text]) => text === ''))(
    'refuses the double with bits %s (NaN/Infinity, Appendix B)',
    (bits) => {
      expect(codeOf(() => toCanonicalJson(doubleFromBits(bits)))).toBe('CORE_NOT_JSON');
    },
  );

  it('writes the first 10,000 numbers of the upstream ES6 test file exactly', () => {
    // cyberphone/json-canonicalization testdata/README.md: the first 10,000 lines of
    // es6testfile100m.txt ("<hex bits>,<expected>\n") hash to this SHA-256.
    const hash = createHash('sha256');
    for (const bits of es6TestSequence(10_000)) {
      hash.update(`${bits},${toCanonicalJson(doubleFromBits(bits))}\n`);
    }
    expect(hash.digest('hex')).toBe(
      'b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892',
    );
  });

  it('sorts integer-like member names as strings, not as array indices', () => {
    expect(toCanonicalJson({ 9: 'a', 10: 'b', b: 1, a: 2 })).toBe('{"10":"b","9":"a","a":2,"b":1}');
  });

  it('keeps a __proto__ member as a member', () => {
    const parsed: unknown = JSON.parse('{"b":2,"__proto__":{"polluted":true}}');
    expect(toCanonicalJson(parsed)).toBe('{"__proto__":{"polluted":true},"b":2}');
    expect(toCanonicalJson(JSON.parse('{"__proto__":{}}'))).toBe('{"__proto__":{}}');
  });

  it('sorts by UTF-16 code units: a surrogate pair before U+FB33', () => {
    expect(toCanonicalJson({ '\uFB33': 1, '\u{1F602}': 2, '\u00F6': 3 })).toBe(
      '{"\u00F6":3,"\u{1F602}":2,"\uFB33":1}',
    );
  });

  it('drops undefined members and refuses values without a JSON form, naming the path', () => {
    expect(toCanonicalJson({ a: undefined, b: [1, { c: undefined }] })).toBe('{"b":[1,{}]}');
    expect(codeOf(() => toCanonicalJson({ a: [undefined] }))).toBe('CORE_NOT_JSON');
    expect(codeOf(() => toCanonicalJson({ a: 1n }))).toBe('CORE_NOT_JSON');
    expect(() => toCanonicalJson({ a: { b: Number.POSITIVE_INFINITY } })).toThrow('$.a.b');
  });
});

// The number sequence of cyberphone/json-canonicalization testdata/numgen.js: a fixed list of
// edge cases, 2,000 consecutive subnormal-boundary values, then doubles from a SHA-256 chain.
function* es6TestSequence(count: number): Generator<string> {
  let produced = 0;
  for (const bits of STATIC_BITS) {
    if (produced++ === count) return;
    yield bits;
  }
  for (let i = 0n; i < 2000n; i++) {
    if (produced++ === count) return;
    yield (0x0010000000000000n + i).toString(16);
  }
  let block = new Uint8Array(32);
  for (;;) {
    block = new Uint8Array(createHash('sha256').update(block).digest());
    const view = new DataView(block.buffer);
    for (let offset = 0; offset < 32; offset += 8) {
      const value = view.getFloat64(offset, true);
      if (value === 0 || !Number.isFinite(value)) continue;
      if (produced++ === count) return;
      yield view.getBigUint64(offset, true).toString(16);
    }
  }
}

// numgen.js `staticU64s`, in order, without the 0x prefix and leading zeros (as numgen prints).
const STATIC_BITS = readFileSync(new URL('numgen-static.txt', JCS), 'utf8').trim().split('\n');

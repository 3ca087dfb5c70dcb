import { describe, expect, it } from 'vitest';
import { ManifestError } from '../src/error.js';
import { findExcessiveNesting } from '../src/nesting.js';
import { MAX_DEPTH, parseManifestStream } from '../src/stream.js';

const flow = (levels: number): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  x: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
const block = (levels: number): string =>
  Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n';

describe('nesting bound', () => {
  it('rejects deep flow and block nesting at the offending line, before the parser recurses', () => {
    expect(findExcessiveNesting(flow(MAX_DEPTH + 1), MAX_DEPTH)).toBe(5);
    expect(findExcessiveNesting(flow(MAX_DEPTH - 5), MAX_DEPTH)).toBeUndefined();
    expect(findExcessiveNesting(block(MAX_DEPTH + 1), MAX_DEPTH)).toBe(MAX_DEPTH + 1);
    expect(findExcessiveNesting(`${'- '.repeat(MAX_DEPTH + 1)}x\n`, MAX_DEPTH)).toBe(1);
  });

  it('survives repeated very deep inputs in one process (the parser would exhaust memory)', () => {
    for (const levels of [300, 5_000, 50_000, 50_000]) {
      expect(() => parseManifestStream(flow(levels), 'deep.yaml')).toThrow(ManifestError);
    }
  });

  it('ignores brackets in quoted strings, comments and block scalars', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: script # [[[[[[',
      'data:',
      `  a: "${'['.repeat(300)}"`,
      `  b: '${'{'.repeat(300)}'`,
      '  run.sh: |',
      `    echo ${'['.repeat(300)}`,
      '  after: ok',
      '',
    ].join('\n');
    expect(findExcessiveNesting(text, MAX_DEPTH)).toBeUndefined();
    expect(parseManifestStream(text, 'ok.yaml').documents[0]?.objects[0]?.name).toBe('script');
  });
});

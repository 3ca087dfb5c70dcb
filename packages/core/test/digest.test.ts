import { describe, expect, it } from 'vitest';
import { annotationsDigest, originId, toCanonicalJson } from '@trailmark/core';

describe('annotationsDigest', () => {
  it('covers only trailmark.dev/* keys and ignores key order', () => {
    const a = annotationsDigest({
      'trailmark.dev/source': 'a.yaml#L2',
      other: 'x',
      'trailmark.dev/repo': 'r',
    });
    const b = annotationsDigest({ 'trailmark.dev/repo': 'r', 'trailmark.dev/source': 'a.yaml#L2' });
    expect(a).toBe(b);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when a trailmark value changes', () => {
    expect(annotationsDigest({ 'trailmark.dev/source': 'a.yaml#L2' })).not.toBe(
      annotationsDigest({ 'trailmark.dev/source': 'a.yaml#L3' }),
    );
  });

  it('is sha256 over the canonical JSON', () => {
    // echo -n '{"trailmark.dev/a":"1","trailmark.dev/b":"2"}' | sha256sum
    expect(toCanonicalJson({ 'trailmark.dev/b': '2', 'trailmark.dev/a': '1' })).toBe(
      '{"trailmark.dev/a":"1","trailmark.dev/b":"2"}',
    );
    expect(annotationsDigest({ 'trailmark.dev/b': '2', 'trailmark.dev/a': '1' })).toBe(
      'sha256:84d118d1599fba3f0797117ae5a961c2b79375d2cb39b4590ccaa6eca53fc1a5',
    );
  });
});

describe('originId', () => {
  it('is 16 hex chars and stable', () => {
    const id = originId({
      repo: 'https://github.com/acme/shop',
      path: 'x.yaml',
      kind: 'Deployment',
      namespace: 'a',
      name: 'b',
    });
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(
      originId({
        repo: 'https://github.com/acme/shop',
        path: 'x.yaml',
        kind: 'Deployment',
        namespace: 'a',
        name: 'b',
      }),
    ).toBe(id);
  });
});

import { describe, expect, it } from 'vitest';
import { globToRegExp } from '@trailmark/core';

describe('globToRegExp', () => {
  it.each([
    ['legacy/**', {}, 'legacy/a/package-lock.json', true],
    ['legacy/**', {}, 'new/legacy/x', false],
    ['*.txt', { matchBase: true }, 'a/b/requirements.txt', true],
    ['*.txt', {}, 'a/b/requirements.txt', false],
    ['packages/*', {}, 'packages/web', true],
    ['packages/*', {}, 'packages/web/lib', false],
    ['packages/*', { descendants: true }, 'packages/web/lib', true],
    ['svc-[ab]/**', {}, 'svc-a/x', true],
    ['svc-[!ab]/**', {}, 'svc-a/x', false],
    ['/charts/x.yaml', {}, 'charts/x.yaml', true],
    ['a.b', {}, 'axb', false],
  ] as const)('%s %o matches %s: %s', (glob, options, path, matches) => {
    expect(globToRegExp(glob, options).test(path)).toBe(matches);
  });
});

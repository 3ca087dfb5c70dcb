import { describe, expect, it } from 'vitest';
import { permalink } from '../src/index.js';

// Permalinks to a template line: the blob base is remembered per repository and commit, and
// only paths with characters encodeURIComponent changes are encoded.

describe('permalink', () => {
  const commit = '9f1c2b7e4d3a5c6b7a8f9e0d1c2b3a4f5e6d7c8b';

  it('links a line of a github.com repository, in any of its URL forms', () => {
    const at = { path: 'charts/shop/templates/deployment.yaml', line: 7 };
    const want = `https://github.com/acme/shop/blob/${commit}/charts/shop/templates/deployment.yaml#L7`;
    for (const repository of [
      'https://github.com/acme/shop',
      'https://github.com/acme/shop.git',
      'git@github.com:acme/shop.git',
      'https://github.com/acme/shop/',
    ])
      expect(permalink(repository, commit, at)).toBe(want);
    expect(permalink('https://github.com/acme/shop', commit, { ...at, line: 48 })).toBe(
      want.replace('#L7', '#L48'),
    );
  });

  it('percent-encodes each path segment that needs it, keeping the slashes', () => {
    const link = (path: string) =>
      permalink('https://github.com/acme/shop', commit, { path, line: 3 });
    expect(link("a b/ü#?%/x_y-z.~!*'()/v.yaml")).toBe(
      `https://github.com/acme/shop/blob/${commit}/a%20b/%C3%BC%23%3F%25/x_y-z.~!*'()/v.yaml#L3`,
    );
    expect(link('plain/path.yaml')).toBe(
      `https://github.com/acme/shop/blob/${commit}/plain/path.yaml#L3`,
    );
  });

  it('links a GitHub Enterprise host only when it is configured, and never a bad commit', () => {
    const at = { path: 'deploy.yaml', line: 1 };
    const repository = 'https://github.example.com/acme/shop';
    expect(permalink(repository, commit, at)).toBeUndefined();
    expect(permalink(repository, commit, at, { webRoot: 'https://github.example.com/' })).toBe(
      `https://github.example.com/acme/shop/blob/${commit}/deploy.yaml#L1`,
    );
    expect(permalink(repository, commit, at)).toBeUndefined();
    expect(permalink('https://github.com/acme/shop', 'main', at)).toBeUndefined();
    expect(permalink('https://github.com/acme/shop/extra', commit, at)).toBeUndefined();
    expect(permalink('https://gitlab.com/acme/shop', commit, at)).toBeUndefined();
  });
});

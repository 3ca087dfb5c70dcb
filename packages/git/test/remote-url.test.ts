import { describe, expect, it } from 'vitest';
import { normaliseRemoteUrl } from '@trailmark/git';

const SHOP = 'https://github.com/acme/shop';

describe('normaliseRemoteUrl', () => {
  it.each([
    ['git@github.com:acme/shop.git', SHOP],
    ['git@github.com:acme/shop', SHOP],
    ['github.com:acme/shop.git', SHOP],
    ['git@GitHub.com:/acme/shop.git/', SHOP],
    ['ssh://git@github.com/acme/shop', SHOP],
    ['ssh://git@github.com:22/acme/shop.git', SHOP],
    ['git+ssh://git@github.com/acme/shop.git', SHOP],
    ['git://github.com/acme/shop.git', SHOP],
    ['https://github.com/acme/shop.git', SHOP],
    ['https://github.com/acme/shop/', SHOP],
    ['https://user:token@github.com/acme/shop.git', SHOP],
    ['https://x-access-token@github.com/acme/shop.git', SHOP],
    ['https://github.com/acme/shop.git?private_token=abc#frag', SHOP],
    ['  https://github.com/acme/shop.git\n', SHOP],
    [
      'https://GITLAB.example.com:8443/group/sub/shop.git',
      'https://gitlab.example.com:8443/group/sub/shop',
    ],
    ['http://gitea.local/acme/shop.git', 'http://gitea.local/acme/shop'],
    ['git@ssh.dev.azure.com:v3/acme/proj/shop', 'https://ssh.dev.azure.com/v3/acme/proj/shop'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseRemoteUrl(input)).toBe(expected);
  });

  it.each([
    ['/srv/git/shop.git'],
    ['../shop'],
    ['file:///srv/git/shop.git'],
    ['C:\\repos\\shop'],
    ['ftp://example.com/shop.git'],
    ['s3://bucket/shop'],
    ['https://github.com'],
    ['https://github.com/.git'],
    ['not a url'],
    [''],
  ])('%j → undefined', (input) => {
    expect(normaliseRemoteUrl(input)).toBeUndefined();
  });

  it.each([
    'https://user:ghp_SeCrEt123@github.com/acme/shop.git',
    'https://ghp_SeCrEt123@github.com/acme/shop.git',
    'https://oauth2:ghp_SeCrEt123@gitlab.com/acme/shop.git',
    'ssh://ghp_SeCrEt123:pw@github.com/acme/shop.git',
    'ghp_SeCrEt123@github.com:acme/shop.git',
    'user:ghp_SeCrEt123@github.com:acme/shop.git',
    'https://user:ghp_SeCr/Et123@github.com/acme/shop.git',
    'https://ghp_SeCr/Et123@github.com/acme/shop.git',
    'https://user:ghp_SeCr%40Et123@github.com/acme/shop.git',
    'https://user:ghp@SeCrEt123@github.com/acme/shop.git',
    'https://github.com/acme/shop.git?access_token=ghp_SeCrEt123',
  ])('never lets the credential of %s through', (input) => {
    const output = normaliseRemoteUrl(input) ?? '';
    expect(output).not.toMatch(/SeCr|Et123|ghp/);
  });
});

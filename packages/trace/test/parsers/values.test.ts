import { scrubSecrets } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import { scrubbed } from '../../src/parsers/values.js';

// `scrubbed` skips core's scrub for strings that cannot hold a secret shape; this keeps it in
// step with `scrubSecrets`: every shape core knows must still be replaced.
const SAMPLES = [
  'curl -H "Authorization: token abcdef123456" https://api.example',
  'curl -H "authorization: Bearer abcdefghijklmnop"',
  'wget https://user:hunter22@registry.example/x',
  'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r',
  'echo ghs_abcdefghijklmnopqrstuvwxyz0123',
  'export T=github_pat_abcdefghijklmnopqrstuvwxyz',
  'token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
  'printf "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----"',
  'curl -u x --header "Basic dXNlcjpwYXNzd29yZA=="',
  'nginx -g daemon off;',
];

// URLs without credentials (runbook links, container ids) skip the scrub; ones with them do not.
const URLS = [
  'https://runbooks.example.com/falco/shell?x=1',
  'containerd://0123456789abcdef',
  'see http://grafana:3000/d/abc and ssh://git@host',
  "pull 'oci://robot:s3cret@registry.example/chart'",
  'redis://:p4ss@cache.internal:6379/0',
  'docker://u@h\nx',
];

describe('scrubbed', () => {
  it('scrubs URL credentials exactly as scrubSecrets does, and leaves other URLs alone', () => {
    for (const sample of URLS) expect(scrubbed(sample)).toBe(scrubSecrets(sample));
    expect(URLS.filter((s) => scrubbed(s) !== s)).toHaveLength(4);
  });

  it('scrubs exactly what scrubSecrets scrubs', () => {
    for (const sample of SAMPLES) expect(scrubbed(sample)).toBe(scrubSecrets(sample));
    expect(SAMPLES.filter((s) => scrubbed(s) !== s)).toHaveLength(SAMPLES.length - 1);
  });
});

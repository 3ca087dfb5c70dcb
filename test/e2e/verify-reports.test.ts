import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@trailmark/core';
import { schemaValidator } from '@trailmark/trailmark';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { prepareRelease, type Release } from './verify-release.js';

// The six report formats from one run, `-o`, and the exit codes: 0 for the release as deployed,
// 1 for the tampered cluster, 2 for input the user must fix.
interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations?: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
    }[];
  }[];
}

interface PolicyReportList {
  kind: string;
  items: {
    apiVersion: string;
    kind: string;
    metadata: { namespace?: string };
    summary: { fail: number };
    results: { policy: string; rule: string; result: string }[];
  }[];
}

describe('trailmark verify: reports and exit codes', () => {
  let dir: TempDir;
  let release: Release;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-verify-reports-');
    release = await prepareRelease(dir.path);
  }, 120_000);
  afterAll(() => dir.cleanup());

  const evidence = (): string[] => ['--bundles', release.bundles, '--key', release.publicKey];
  const read = (path: string): string => readFileSync(join(release.repo, path), 'utf8');

  it('exits 0 for the release as deployed: every risky workload attributed', async () => {
    const result = await release.run(['verify', '--snapshot', release.clean, ...evidence()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^trailmark verify: PASS\n/);
    expect(result.stdout).toContain('verdict: PASS');
    expect(result.stderr).toBe(
      'trailmark: verify: PASS: 4/4 workloads attributed, 0 failing findings\n',
    );
  });

  it('writes all six formats from one run of the tampered cluster, and exits 1', async () => {
    const result = await release.run([
      'verify',
      '--snapshot',
      release.tampered,
      ...evidence(),
      ...['--report', 'json=out/r/report.json', '--report', 'sarif=out/r/report.sarif'],
      ...['--report', 'markdown=out/r/report.md', '--report', 'policy-report=out/r/report.yaml'],
      ...['--report', 'html=out/r/report.html'],
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe(
      'trailmark: verify: FAIL: 2/5 workloads attributed, 2 failing findings\n',
    );
    // text on stdout: worst workload first, findings with the template file:line.
    expect(result.stdout).toMatch(/^trailmark verify: FAIL\n/);
    expect(result.stdout).toContain(
      'DRIFT_MANUAL_CHANGE  Deployment/shop/shop: kubectl-edit (Update) changed the object at 2024-03-06T08:12:41Z',
    );
    expect(result.stdout).toContain('at charts/shop/templates/deployment.yaml:2');

    const json = JSON.parse(read('out/r/report.json')) as VerifyReport;
    expect(schemaValidator('verify-report.v1')(json)).toEqual([]);
    expect(json.verdict).toBe('fail');
    expect(json.summary.failing).toBe(2);

    const sarif = JSON.parse(read('out/r/report.sarif')) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId).sort()).toEqual(
      json.workloads
        .flatMap((w) => w.findings.map((f) => f.code))
        .map(String)
        .sort(),
    );
    const drift = results.find((r) => r.ruleId === 'DRIFT_MANUAL_CHANGE');
    const at = drift?.locations?.[0]?.physicalLocation;
    expect(at?.artifactLocation.uri).toBe('charts/shop/templates/deployment.yaml');
    expect(at?.region.startLine).toBe(2);
    // Every location in the chart names a real line of a real file of the repository.
    for (const result of results) {
      const place = result.locations?.[0]?.physicalLocation;
      if (place === undefined || place.artifactLocation.uri === release.tampered) continue;
      const lines = read(place.artifactLocation.uri).split('\n');
      expect(place.region.startLine).toBeGreaterThan(0);
      expect(place.region.startLine).toBeLessThanOrEqual(lines.length);
    }
    expect(read('charts/shop/templates/deployment.yaml').split('\n')[1]).toBe('kind: Deployment');

    const markdown = read('out/r/report.md');
    expect(markdown).toMatch(/^## trailmark verify: .*fail/);
    expect(markdown).toContain('debug-shell');
    expect(markdown).toContain('`RISKY_UNATTRIBUTED`');

    const policyReport = JSON.parse(read('out/r/report.yaml')) as PolicyReportList;
    const shop = policyReport.items.find((item) => item.metadata.namespace === 'shop');
    expect(shop?.apiVersion).toBe('wgpolicyk8s.io/v1alpha2');
    expect(shop?.kind).toBe('PolicyReport');
    expect(shop?.summary.fail).toBe(2);
    expect(shop?.results.filter((r) => r.result === 'fail').map((r) => r.rule)).toEqual(
      expect.arrayContaining(['RISKY_UNATTRIBUTED']),
    );

    const html = read('out/r/report.html');
    expect(html).toMatch(/^<!doctype html>/i);
    for (const name of ['shop-redis-master', 'debug-shell', 'shop-metrics-exporter'])
      expect(html).toContain(name);
    expect(html).toContain('ANNOTATIONS_MISMATCH');
    // Self-contained: no external script, style, image or font.
    expect(html).not.toMatch(/\ssrc\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b[^>]*href\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:)?\/\//i);
  });

  it('-o writes the report atomically: a failed run leaves the old file, no temp file remains', async () => {
    writeFileSync(join(release.repo, 'out/o.json'), 'old\n');
    writeFileSync(join(release.repo, 'bad-policy.yaml'), 'failOn:\n  - NOT_A_CODE\n');
    const failed = await release.run([
      'verify',
      '--snapshot',
      release.clean,
      ...evidence(),
      '--policy',
      'bad-policy.yaml',
      '--format',
      'json',
      '-o',
      'out/o.json',
    ]);
    expect(failed.code).toBe(2);
    expect(read('out/o.json')).toBe('old\n');
    const ok = await release.run([
      'verify',
      '--snapshot',
      release.clean,
      ...evidence(),
      '--format',
      'json',
      '-o',
      'out/o.json',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    expect((JSON.parse(read('out/o.json')) as VerifyReport).verdict).toBe('pass');
    expect(readdirSync(join(release.repo, 'out')).filter((name) => name.startsWith('o.'))).toEqual([
      'o.json',
    ]);
  });

  it.each([
    [
      'a bad policy file, naming file:line',
      ['--policy', 'bad-policy.yaml'],
      /bad-policy\.yaml:2: failOn\[0\]: unknown finding code "NOT_A_CODE"/,
    ],
    [
      'a bad snapshot, naming file:line',
      ['--snapshot', 'broken.json'],
      /broken\.json:3: invalid JSON/,
    ],
    ['--report bogus=x', ['--report', 'bogus=x'], /--report bogus=x: expected FORMAT=FILE/],
    [
      '--certificate-identity without an issuer',
      [
        '--certificate-identity',
        'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      ],
      /--certificate-identity needs --certificate-oidc-issuer/,
    ],
  ])('exits 2 for %s', async (_label, args, message) => {
    writeFileSync(join(release.repo, 'broken.json'), '{\n  "kind": "List",\n  "items": [,]\n}\n');
    const snapshot = args.includes('--snapshot') ? [] : ['--snapshot', release.clean];
    const result = await release.run(['verify', ...snapshot, ...evidence(), ...args]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^trailmark: error: /);
    expect(result.stderr).toMatch(message);
  });

  it('--help lists the sources, the formats and --report', async () => {
    const result = await release.run(['verify', '--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '--snapshot',
      '--kubeconfig',
      '--bundles',
      '--oci',
      '--github-attestations',
      '--policy',
      '--certificate-identity-pattern',
      '--trusted-root',
      '--report',
    ])
      expect(result.stdout).toContain(flag);
    expect(result.stdout).toContain('"policy-report"');
  });
});

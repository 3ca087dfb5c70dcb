import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGithub } from '@trailmark/testing';
import type { RawInputs } from '../src/inputs.js';
import { run, type RunDeps } from '../src/main.js';
import { inputs, recordingRunner, statementOf, type RecordingRunner } from './helpers.js';
import { createVerifyFixture, type VerifyFixture } from './verify-fixture.js';

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations?: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
    }[];
    properties: { verdict: string };
  }[];
}

// command: verify in-process (run(inputs, deps)): the Action's own key-signed release of the
// example repository, verified against the cluster it was deployed to, clean and tampered.
describe('run: command verify', () => {
  let fixture: VerifyFixture;

  beforeAll(async () => {
    fixture = await createVerifyFixture();
  }, 60_000);
  afterAll(() => (fixture as VerifyFixture | undefined)?.tmp.cleanup());

  const deps = (runner: RecordingRunner, env: Record<string, string> = {}): RunDeps => ({
    cwd: fixture.tmp.path,
    env: { GITHUB_WORKSPACE: fixture.repo, ...env },
    identityToken: () => Promise.reject(new Error('verify never asks for an OIDC token')),
    clock: () => new Date('2026-11-29T12:00:00Z'),
    runner,
  });
  const verify = (overrides: Partial<RawInputs>): RawInputs =>
    inputs({
      command: 'verify',
      bundles: [fixture.bundles],
      verifyKeys: [fixture.publicKey],
      ...overrides,
    });

  it('passes a clean cluster: verdict pass, every workload attributed, SARIF without results', async () => {
    const runner = recordingRunner();
    const code = await run(
      verify({ snapshot: fixture.clean, sarifFile: 'out/clean.sarif' }),
      deps(runner),
    );
    expect(runner.errors).toEqual([]);
    expect(code).toBe(0);
    expect(runner.outputs).toMatchObject({
      verdict: 'pass',
      findings: '0',
      attributed: '4',
      workloads: '4',
      'sarif-path': join(fixture.repo, 'out/clean.sarif'),
      'report-path': '',
    });
    const sarif = JSON.parse(
      readFileSync(join(fixture.repo, 'out/clean.sarif'), 'utf8'),
    ) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toEqual([]);
    expect(sarif.runs[0]?.properties.verdict).toBe('pass');
    expect(runner.summaries).toHaveLength(1);
    expect(runner.summaries[0]).toMatch(/PASS/);
    expect(runner.infos).toContain(
      'trailmark verify: PASS: 4/4 workloads attributed, 0 failing findings',
    );
  });

  it('fails a tampered cluster: ::error with the count, SARIF results on the template lines, summary names the findings', async () => {
    const runner = recordingRunner();
    const code = await run(
      verify({ snapshot: fixture.tampered, reportFile: 'out/evidence.html' }),
      deps(runner),
    );
    expect(code).toBe(1);
    expect(runner.outputs).toMatchObject({
      verdict: 'fail',
      findings: '2',
      attributed: '2',
      workloads: '5',
      'sarif-path': join(fixture.repo, 'trailmark-verify.sarif'),
      'report-path': join(fixture.repo, 'out/evidence.html'),
    });
    expect(runner.outputs['error-code']).toBeUndefined();
    expect(runner.errors).toEqual([
      {
        message: `verify: FAIL: 2/5 workloads attributed, 2 failing findings; see the job summary and ${join(fixture.repo, 'trailmark-verify.sarif')}`,
        at: { title: 'trailmark: verify failed' },
      },
    ]);
    const sarif = JSON.parse(
      readFileSync(join(fixture.repo, 'trailmark-verify.sarif'), 'utf8'),
    ) as SarifLog;
    const results = sarif.runs[0]?.results ?? [];
    const codes = results.map((result) => result.ruleId).sort();
    expect(codes).toEqual(
      expect.arrayContaining([
        'ANNOTATIONS_MISMATCH',
        'DRIFT_MANUAL_CHANGE',
        'RISKY_UNATTRIBUTED',
        'UNATTESTED_IMAGE',
      ]),
    );
    expect(results.filter((result) => result.level === 'error')).toHaveLength(2);
    // The kubectl edit is shown on the Deployment's template line in the chart.
    const drift = results.find((result) => result.ruleId === 'DRIFT_MANUAL_CHANGE');
    expect(drift?.message.text).toMatch(/kubectl-edit/);
    expect(drift?.locations?.[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'charts/shop/templates/deployment.yaml' },
      region: { startLine: 2 },
    });
    // The job summary: verdict and the failing findings.
    const summary = runner.summaries[0] ?? '';
    expect(summary).toMatch(/FAIL/);
    expect(summary).toContain('debug-shell');
    expect(summary).toContain('RISKY_UNATTRIBUTED');
    expect(summary).toContain(join(fixture.repo, 'trailmark-verify.sarif'));
    // The extra report: the self-contained HTML evidence report.
    const html = readFileSync(join(fixture.repo, 'out/evidence.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('shop-redis-master');
  });

  it('fail-on-findings: false reports the failing verdict and keeps the step green', async () => {
    const runner = recordingRunner();
    const code = await run(
      verify({ snapshot: fixture.tampered, failOnFindings: 'false', sarifFile: 'out/soft.sarif' }),
      deps(runner),
    );
    expect(code).toBe(0);
    expect(runner.errors).toEqual([]);
    expect(runner.outputs).toMatchObject({ verdict: 'fail', findings: '2' });
    expect(runner.warnings.map((w) => w.message)).toContain(
      'verify: FAIL: 2/5 workloads attributed, 2 failing findings (fail-on-findings: false, the step passes)',
    );
    const sarif = JSON.parse(
      readFileSync(join(fixture.repo, 'out/soft.sarif'), 'utf8'),
    ) as SarifLog;
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
  });

  it('without the public key, nothing is attested: the clean cluster fails as unattributed', async () => {
    const runner = recordingRunner();
    const code = await run(
      verify({ snapshot: fixture.clean, verifyKeys: [], sarifFile: 'out/nokey.sarif' }),
      deps(runner),
    );
    expect(code).toBe(1);
    expect(runner.outputs.verdict).toBe('fail');
    expect(runner.outputs.attributed).toBe('0');
  });

  it('a policy file decides what fails: failOn [ANNOTATIONS_MISMATCH] fails on the forged owners alone', async () => {
    const policy = join(fixture.tmp.path, 'policy.yaml');
    writeFileSync(
      policy,
      ['schema: https://trailmark.dev/verify-policy/v1', 'failOn: [ANNOTATIONS_MISMATCH]', ''].join(
        '\n',
      ),
    );
    const runner = recordingRunner();
    const code = await run(
      verify({ snapshot: fixture.tampered, policy, sarifFile: 'out/policy.sarif' }),
      deps(runner),
    );
    expect(code).toBe(1);
    expect(runner.outputs).toMatchObject({ verdict: 'fail', findings: '1' });
  });

  it('a snapshot that is not there fails with the input error code and the file named', async () => {
    const runner = recordingRunner();
    const code = await run(verify({ snapshot: 'missing.json' }), deps(runner));
    expect(code).toBe(1);
    expect(runner.outputs['error-code']).toBe('INPUT_NOT_FOUND');
    expect(runner.errors[0]?.message).toContain('missing.json');
    expect(runner.outputs.verdict).toBeUndefined();
  });

  it('github-attestations: asks the attestations API with github-token for each running digest, and never shows the token', async () => {
    // The release's bundles, served by the fake GitHub under each sha256 subject, as GitHub does.
    const served: Record<string, unknown[]> = {};
    const dir = join(fixture.repo, fixture.bundles);
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const subject of statementOf(text).subject) {
        if (subject.digest.sha256 === undefined) continue;
        (served[`acme/shop@sha256:${subject.digest.sha256}`] ??= []).push(JSON.parse(text));
      }
    }
    const token = `ghs_VerifyCanary${randomBytes(12).toString('hex')}`;
    const github = await startFakeGithub({ token, attestations: served });
    try {
      const runner = recordingRunner();
      const code = await run(
        verify({
          snapshot: fixture.clean,
          bundles: [],
          githubAttestations: ['acme/shop'],
          githubToken: token,
          sarifFile: 'out/github.sarif',
        }),
        deps(runner, { GITHUB_API_URL: github.url }),
      );
      expect(runner.errors).toEqual([]);
      expect(code).toBe(0);
      expect(runner.outputs).toMatchObject({ verdict: 'pass', attributed: '4' });
      const asked = github.requests.filter((r) => r.path.includes('/attestations/sha256'));
      expect(asked.length).toBeGreaterThan(0);
      for (const request of asked) expect(request.headers.authorization).toMatch(token);
      const shown = JSON.stringify([
        runner.infos,
        runner.warnings,
        runner.outputs,
        runner.summaries,
        readFileSync(join(fixture.repo, 'out/github.sarif'), 'utf8'),
      ]);
      expect(shown).not.toContain(token);
    } finally {
      await github.stop();
    }
  });
});

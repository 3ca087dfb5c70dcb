import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputEnv, runStep } from './runner-env.js';
import { createVerifyFixture, type VerifyFixture } from './verify-fixture.js';

// command: verify in the committed bundle, run as the runner runs it: `node dist/index.js` with
// INPUT_* variables and the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files.
describe('action/dist/index.js: command verify on a runner', () => {
  let fixture: VerifyFixture;

  beforeAll(async () => {
    fixture = await createVerifyFixture();
  }, 60_000);
  afterAll(() => (fixture as VerifyFixture | undefined)?.tmp.cleanup());

  const step = (withValues: Record<string, string>) =>
    runStep(fixture.tmp.path, fixture.repo, {
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'acme/shop',
      ...inputEnv(
        {
          command: 'verify',
          bundles: fixture.bundles,
          'verify-keys': fixture.publicKey,
          ...withValues,
        },
        'ghs_unused',
      ),
    });

  it('a tampered cluster: exit 1 with ::error, an upload-ready SARIF file, the outputs and the job summary', async () => {
    const run = await step({ snapshot: fixture.tampered, 'sarif-file': 'results/verify.sarif' });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=trailmark%3A verify failed::verify: FAIL: 2\/5 workloads attributed, 2 failing findings/m,
    );
    const sarifPath = join(fixture.repo, 'results/verify.sarif');
    expect(run.outputs).toMatchObject({
      verdict: 'fail',
      findings: '2',
      attributed: '2',
      workloads: '5',
      'sarif-path': sarifPath,
      'report-path': '',
    });
    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as {
      version: string;
      runs: { tool: { driver: { name: string } }; results: { ruleId: string; level: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.name).toBe('trailmark');
    expect(sarif.runs[0]?.results.filter((r) => r.level === 'error').map((r) => r.ruleId)).toEqual([
      'RISKY_UNATTRIBUTED',
      'RISKY_UNATTRIBUTED',
    ]);
    expect(run.summary).toMatch(/FAIL/);
    expect(run.summary).toContain('debug-shell');
    expect(run.summary).toContain('kubectl-edit');
  });

  it('a clean cluster: exit 0, verdict pass, summary and SARIF written', async () => {
    const run = await step({
      snapshot: fixture.clean,
      'report-file': 'evidence.json',
      'report-format': 'json',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^::error/m);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      findings: '0',
      attributed: '4',
      workloads: '4',
      'sarif-path': join(fixture.repo, 'trailmark-verify.sarif'),
      'report-path': join(fixture.repo, 'evidence.json'),
    });
    expect(run.outputs['error-code']).toBeUndefined();
    const report = JSON.parse(readFileSync(join(fixture.repo, 'evidence.json'), 'utf8')) as {
      verdict: string;
      summary: { attributed: number };
    };
    expect(report).toMatchObject({ verdict: 'pass', summary: { attributed: 4 } });
    expect(run.summary).toMatch(/PASS/);
  });

  it('fail-on-findings: false keeps the step green on a failing verdict, with a ::warning', async () => {
    const run = await step({ snapshot: fixture.tampered, 'fail-on-findings': 'false' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^::error/m);
    expect(run.stdout).toMatch(/^::warning title=trailmark%3A verify::verify: FAIL/m);
    expect(run.outputs.verdict).toBe('fail');
  });

  it('refuses release inputs with ::error before reading anything', async () => {
    const run = await step({ snapshot: fixture.clean, manifests: 'deploy/rendered/prod.yaml' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=trailmark%3A invalid input::command verify: input manifests is not used/m,
    );
    expect(run.outputs['error-code']).toBe('INPUT_USAGE');
    expect(run.outputs.verdict).toBeUndefined();
  });
});

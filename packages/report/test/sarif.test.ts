import { FINDING_CODES, VERIFY_REPORT_SCHEMA, type VerifyReport } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import { renderReport, renderSarif, toSarif } from '../src/index.js';
import { passingReport, shopReport } from './helpers/reports.js';
import { sarifCheck } from './helpers/validators.js';

const check = sarifCheck();
const sarif = (report: VerifyReport = shopReport()) => toSarif(report, { toolVersion: '0.4.0' });

describe('renderSarif', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    const text = renderSarif(shopReport(), { toolVersion: '0.4.0' });
    expect(text.endsWith('}\n')).toBe(true);
    expect(check(JSON.parse(text))).toEqual([]);
    expect(
      check(JSON.parse(renderReport(passingReport(), 'sarif', { toolVersion: '0.4.0' }))),
    ).toEqual([]);
  });

  it('the schema check itself rejects a broken log', () => {
    const log = JSON.parse(JSON.stringify(sarif())) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(check(log).length).toBeGreaterThan(0);
  });

  it('declares one rule per finding code with documentation and a default level from the policy', () => {
    const driver = sarif().runs[0].tool.driver;
    expect(driver.name).toBe('trailmark');
    expect(driver.version).toBe('0.4.0');
    expect(driver.rules.map((rule) => rule.id)).toEqual([...FINDING_CODES]);
    const drift = driver.rules.find((rule) => rule.id === 'DRIFT_MANUAL_CHANGE')!;
    expect(drift.helpUri).toBe('https://trailmark.dev/docs/verify.md#drift_manual_change');
    expect(drift.defaultConfiguration.level).toBe('error');
    expect(drift.shortDescription.text).toBe('Changed by hand after the attested deploy');
    const signer = driver.rules.find((rule) => rule.id === 'UNTRUSTED_SIGNER')!;
    expect(signer.defaultConfiguration.level).toBe('warning'); // not in failOn
  });

  it('puts a finding with a source on its template file and line', () => {
    const results = sarif().runs[0].results;
    const drift = results.find((r) => r.ruleId === 'DRIFT_MANUAL_CHANGE')!;
    expect(drift.level).toBe('error');
    expect(drift.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'charts/shop/charts/cart/templates/deployment.yaml' },
      region: { startLine: 4 },
    });
    expect(drift.message.text).toMatch(/^Deployment\/shop\/cart: kubectl-edit changed/);
    expect(drift.properties.location).toBe('finding');
    expect(drift.properties.owners).toBe('@acme/cart');
  });

  it('falls back to the workload template, then the policy file, and always names the workload', () => {
    const results = sarif().runs[0].results;
    const signer = results.find((r) => r.ruleId === 'UNTRUSTED_SIGNER')!;
    expect(signer.level).toBe('warning');
    expect(signer.properties.location).toBe('workload');
    expect(signer.locations[0]!.physicalLocation?.region.startLine).toBe(7);
    const debug = results.filter((r) => r.properties.workload === 'Pod/default/debug-shell');
    expect(debug.map((r) => [r.ruleId, r.level])).toEqual([
      ['RISKY_UNATTRIBUTED', 'error'],
      ['UNATTESTED_IMAGE', 'error'],
      ['UNATTESTED_IMAGE', 'error'],
      ['MISSING_PROVENANCE', 'warning'],
    ]);
    for (const result of debug) {
      expect(result.locations[0]!.physicalLocation?.artifactLocation.uri).toBe(
        '.trailmark/policy.yaml',
      );
      expect(result.locations[0]!.logicalLocations).toEqual([
        { name: 'debug-shell', fullyQualifiedName: 'Pod/default/debug-shell', kind: 'resource' },
      ]);
    }
  });

  it('without a policy or snapshot file, keeps only the logical location (still valid SARIF)', () => {
    const report = shopReport();
    delete report.policy.file;
    report.cluster = { kind: 'cluster', context: 'prod' };
    const log = sarif(report);
    const debug = log.runs[0].results.find(
      (r) => r.properties.workload === 'Pod/default/debug-shell',
    )!;
    expect(debug.locations[0]!.physicalLocation).toBeUndefined();
    expect(debug.properties.location).toBe('none');
    expect(check(log)).toEqual([]);
  });

  it('suppresses a finding covered by a live exception, not an expired one', () => {
    const results = sarif().runs[0].results;
    const backup = results.find((r) => r.properties.workload === 'CronJob/ops/nightly-backup')!;
    expect(backup.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification:
          'vendor image, attestation promised for Q1 (owner @acme/ops, until 2027-03-31)',
      },
    ]);
    const expired = results.find((r) => r.ruleId === 'EXCEPTION_EXPIRED')!;
    expect(expired.suppressions).toBeUndefined();
    expect(expired.level).toBe('error');
  });

  it('keeps fingerprints stable across runs and distinct between findings', () => {
    const first = sarif().runs[0].results.map((r) => r.partialFingerprints['trailmarkFinding/v1']);
    const later = shopReport();
    later.generatedAt = '2026-11-30T08:00:00Z';
    for (const workload of later.workloads)
      for (const finding of workload.findings) {
        finding.message = `${finding.message} (again)`;
        if (finding.pod !== undefined) finding.pod = `${finding.pod}-rolled`;
      }
    const second = sarif(later).runs[0].results.map(
      (r) => r.partialFingerprints['trailmarkFinding/v1'],
    );
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(first[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes a valid empty run for an empty cluster, and escapes odd paths into URIs', () => {
    const empty: VerifyReport = {
      ...passingReport(),
      schema: VERIFY_REPORT_SCHEMA,
      workloads: [],
      attestations: [],
    };
    expect(sarif(empty).runs[0].results).toEqual([]);
    const odd = shopReport();
    odd.workloads[2]!.findings[0]!.source = { path: 'charts/my chart/templates/#1?.yaml', line: 9 };
    const log = sarif(odd);
    const drift = log.runs[0].results.find((r) => r.ruleId === 'DRIFT_MANUAL_CHANGE')!;
    expect(drift.locations[0]!.physicalLocation?.artifactLocation.uri).toBe(
      'charts/my%20chart/templates/%231%3F.yaml',
    );
    expect(check(log)).toEqual([]);
  });

  it('matches the golden, which is valid SARIF', () => {
    const text = renderSarif(shopReport(), { toolVersion: '0.4.0' });
    expect(text).toBe(golden(new URL('goldens/shop.sarif.json', import.meta.url), text));
    expect(check(JSON.parse(text))).toEqual([]);
  });
});

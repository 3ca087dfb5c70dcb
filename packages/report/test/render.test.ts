import { VERIFY_REPORT_SCHEMA, type VerifyReport } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import {
  REPORT_FORMATS,
  isReportFormat,
  renderReport,
  toPolicyReports,
  type ReportFormat,
} from '../src/index.js';
import { passingReport } from './helpers/reports.js';
import { verifyReportValidator } from './helpers/schemas.js';
import { policyReportCheck, sarifCheck } from './helpers/validators.js';

const empty: VerifyReport = {
  schema: VERIFY_REPORT_SCHEMA,
  generatedAt: '2026-11-29T12:00:00Z',
  cluster: { kind: 'kubectl-list', file: 'evidence/all.json' },
  policy: { failOn: ['RISKY_UNATTRIBUTED'] },
  verdict: 'pass',
  summary: {
    workloads: 0,
    attributed: 0,
    risky: 0,
    pods: 0,
    containers: 0,
    findings: {},
    failing: 0,
    attestations: { total: 0, verified: 0, rejected: 0 },
  },
  workloads: [],
  attestations: [],
};

describe('renderReport', () => {
  it('offers the six formats, and knows them by name', () => {
    expect(REPORT_FORMATS).toEqual(['text', 'json', 'sarif', 'markdown', 'policy-report', 'html']);
    expect(REPORT_FORMATS.every(isReportFormat)).toBe(true);
    expect(isReportFormat('yaml')).toBe(false);
    expect(isReportFormat('')).toBe(false);
  });

  it('refuses an unknown format with a usage error naming the choices', () => {
    expect(() => renderReport(passingReport(), 'yaml' as ReportFormat)).toThrow(
      expect.objectContaining({
        code: 'INPUT_USAGE',
        message:
          'unknown report format "yaml"; expected one of text, json, sarif, markdown, policy-report, html',
      }),
    );
  });

  it.each(REPORT_FORMATS)('renders an empty cluster as %s, ending with one newline', (format) => {
    const out = renderReport(empty, format, { toolVersion: '0.4.0' });
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
  });

  it('keeps an empty cluster valid in every structured format', () => {
    expect(verifyReportValidator()(JSON.parse(renderReport(empty, 'json')))).toEqual([]);
    expect(
      sarifCheck()(JSON.parse(renderReport(empty, 'sarif', { toolVersion: '0.4.0' }))),
    ).toEqual([]);
    const list = toPolicyReports(empty);
    expect(list.items.map((item) => item.kind)).toEqual(['ClusterPolicyReport']);
    expect(policyReportCheck('ClusterPolicyReport')(list.items[0])).toEqual([]);
    expect(renderReport(empty, 'text')).toContain('No workloads in scope.');
    expect(renderReport(empty, 'html')).toContain('No bundles were found.');
  });
});

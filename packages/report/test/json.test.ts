import { describe, expect, it } from 'vitest';
import { renderJson, renderReport } from '../src/index.js';
import { passingReport, shopReport } from './helpers/reports.js';
import { verifyReportValidator } from './helpers/schemas.js';

const validate = verifyReportValidator();

describe('renderJson', () => {
  it('writes the report as 2-space JSON with a trailing newline, valid against the schema', () => {
    const json = renderJson(shopReport());
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "schema": "https://trailmark.dev/verify-report/v1",');
    expect(validate(JSON.parse(json))).toEqual([]);
    expect(JSON.parse(json)).toEqual(shopReport());
    expect(validate(JSON.parse(renderReport(passingReport(), 'json')))).toEqual([]);
  });

  it('leaves predicates out of the attestations, so the schema holds', () => {
    const report = shopReport();
    const [first] = report.attestations;
    Object.assign(first!, { predicate: { objects: [] } });
    expect(validate(JSON.parse(JSON.stringify(report))).length).toBeGreaterThan(0);
    const written = JSON.parse(renderJson(report)) as typeof report;
    expect(written.attestations[0]).not.toHaveProperty('predicate');
    expect(validate(written)).toEqual([]);
  });

  it('is rejected by the schema when a finding code is unknown or a field is extra', () => {
    const unknownCode = JSON.parse(renderJson(shopReport())) as Record<string, unknown> & {
      workloads: { findings: { code: string }[] }[];
    };
    unknownCode.workloads[1]!.findings[0]!.code = 'LOOKS_FINE';
    expect(validate(unknownCode).map((issue) => issue.pointer)).toContain(
      '/workloads/1/findings/0/code',
    );
    const extra = { ...(JSON.parse(renderJson(shopReport())) as object), secretData: 'x' };
    expect(validate(extra)).toEqual([
      { pointer: '/', message: 'must NOT have additional properties' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import { renderReport, renderText } from '../src/index.js';
import { poisoned } from './helpers/poison.js';
import { passingReport, shopReport } from './helpers/reports.js';

describe('renderText', () => {
  it('renders the shop report as the golden, worst workload first, summary last', () => {
    const text = renderText(shopReport());
    expect(text).toBe(golden(new URL('goldens/shop.txt', import.meta.url), text));
  });

  it('orders workloads by failing findings, then severity, then name', () => {
    const titles = renderText(shopReport())
      .split('\n')
      .filter((line) => /^[A-Z]\w+\//.test(line))
      .map((line) => line.split('  ')[0]);
    expect(titles).toEqual([
      'Pod/default/debug-shell', // 3 failing
      'Deployment/shop/payments-api', // 2 failing, critical
      'DaemonSet/monitoring/node-exporter', // 1 failing, high: by name
      'Deployment/shop/cart',
      'CronJob/ops/nightly-backup', // none failing, high
      'Deployment/shop/web', // no findings
    ]);
  });

  it('puts each finding on one line with its code, message and file:line', () => {
    const text = renderText(shopReport());
    expect(text).toContain(
      'FAIL high     DRIFT_MANUAL_CHANGE  kubectl-edit changed spec.replicas, spec.template.spec.containers[cart].env after the attested deploy (2026-11-20T16:02:11Z) at charts/shop/charts/cart/templates/deployment.yaml:4',
    );
    expect(text).toMatch(
      /^ {2}skip high {5}UNATTESTED_IMAGE {5}.*\(exception by @acme\/ops, until 2027-03-31/m,
    );
  });

  it('ends with the summary line: counts by code and the verdict', () => {
    const last = renderText(shopReport()).trimEnd().split('\n').at(-1);
    expect(last).toBe(
      '6 workloads, 1 attributed, 3 risky; 6 pods, 8 containers; findings: UNATTESTED_IMAGE 3, UNTRUSTED_SIGNER 1, ANNOTATIONS_MISMATCH 1, MISSING_PROVENANCE 1, DRIFT_MANUAL_CHANGE 1, RISKY_UNATTRIBUTED 2, EXCEPTION_EXPIRED 1 (7 failing); attestations: 4 (2 verified, 2 rejected); verdict: FAIL',
    );
  });

  it('uses no escape sequences unless asked, and makes cluster values inert', () => {
    const plain = renderText(shopReport());
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('\\u{1b}[2J'); // the forged chart annotation's escape, shown, not run
    const colored = renderText(shopReport(), { color: true });
    expect(colored).toContain('\u001b[31mFAIL\u001b[0m');
    expect(colored).not.toContain('\u001b[2J');
  });

  it('says PASS for a clean report, through the dispatcher too', () => {
    const text = renderReport(passingReport(), 'text');
    expect(text.split('\n')[0]).toBe('trailmark verify: PASS');
    expect(text).toMatch(/verdict: PASS\n$/);
    expect(text).toContain(
      'source   charts/shop/templates/web.yaml:2 (verified); owners @acme/web, @alice',
    );
  });

  it('shows control characters and bidi overrides from any field as escapes, in color too', () => {
    for (const color of [false, true]) {
      const text = renderText(poisoned(shopReport()), { color });
      expect(text).not.toContain('\u202e');
      const sgr = ['31', '33', '32', '2', '1', '0'].map((n) => `\u001b[${n}m`);
      expect(sgr.reduce((rest, code) => rest.replaceAll(code, ''), text)).not.toContain('\u001b');
      expect(text).toContain('\\u{1b}[31m\\u{202e}');
    }
  });
});

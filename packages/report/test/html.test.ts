import { describe, expect, it } from 'vitest';
import { renderHtml, renderReport } from '../src/index.js';
import { PAYLOAD, poisoned } from './helpers/poison.js';
import { passingReport, shopReport } from './helpers/reports.js';

describe('renderHtml (the page as text)', () => {
  it('is one self-contained document: inline style, no script, nothing to load', () => {
    const page = renderHtml(shopReport());
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(
      /<(script|link|img|iframe|object|embed|base)\b|<[^>]*\s(src|srcset)=|@import|url\(/i,
    );
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;;`,
    );
    expect(page.match(/<section class="workload/g)).toHaveLength(6);
    expect(page).toContain('@media print');
  });

  it('escapes every value: a payload in every string field never reaches the page as markup', () => {
    const page = renderHtml(poisoned(shopReport()));
    expect(page).not.toContain('<trailmark-evil');
    expect(page).not.toContain('\u001b');
    expect(page).not.toContain('\u202e');
    expect(page).toContain('&#60;trailmark-evil onclick=&#34;x()&#34;&#62;');
    expect(page).not.toMatch(/href="(?!https?:\/\/|#)/); // only http(s) links and in-page anchors
    expect(page.split(PAYLOAD)).toHaveLength(1);
  });

  it('links file:line to the permalink only when it is an http(s) URL', () => {
    const report = shopReport();
    report.workloads[2]!.findings[0]!.sourceUrl = 'javascript:alert(1)';
    const page = renderHtml(report);
    expect(page).not.toContain('javascript:');
    expect(page).toContain('charts/shop/charts/cart/templates/deployment.yaml:4');
  });

  it('shows a passing report, through the dispatcher', () => {
    const page = renderReport(passingReport(), 'html');
    expect(page).toMatch(/<b>PASS<\/b>:\s+0 failing findings/);
    expect(page).toContain('No findings.');
  });
});

import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import { MARKDOWN_MAX_LENGTH, renderMarkdown, renderReport } from '../src/index.js';
import { poisoned } from './helpers/poison.js';
import { largeReport, passingReport, shopReport } from './helpers/reports.js';

// GitHub renders job summaries and comments as GFM with raw HTML allowed; `marked` (GFM on,
// HTML passed through) stands in for it to see what a reader would get.
const html = (markdown: string): string => marked.parse(markdown, { async: false, gfm: true });

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(shopReport());

  it('starts with the verdict line and says where the evidence came from', () => {
    const [verdict, , where] = markdown.split('\n');
    expect(verdict).toBe('## trailmark verify: ❌ **fail**: 7 failing findings');
    expect(where).toBe(
      'snapshot examples/cluster.json under `.trailmark/policy.yaml`, 2026-11-29T12:00:00.250Z',
    );
    expect(renderReport(passingReport(), 'markdown').split('\n')[0]).toBe(
      '## trailmark verify: ✅ **pass**',
    );
  });

  it('has a summary table with counts by code', () => {
    expect(markdown).toContain('| Failing findings | 7 |');
    expect(markdown).toContain('| `UNATTESTED_IMAGE` | 3 |');
    expect(markdown).toContain('| Attestations verified / rejected | 2 / 2 |');
  });

  it('lists every failing finding, worst first, linked to its template line when known', () => {
    const page = html(markdown);
    const table = /<h3>Failing findings<\/h3>\s*<table>([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1);
    expect(rows).toHaveLength(7);
    for (const [, row] of rows) expect([...row!.matchAll(/<td/g)]).toHaveLength(6);
    expect(rows.map(([, row]) => /<code>(\w+)<\/code><\/td>/.exec(row!)?.[1])).toEqual([
      'RISKY_UNATTRIBUTED',
      'UNATTESTED_IMAGE',
      'UNATTESTED_IMAGE',
      'RISKY_UNATTRIBUTED',
      'ANNOTATIONS_MISMATCH',
      'EXCEPTION_EXPIRED',
      'DRIFT_MANUAL_CHANGE',
    ]);
    expect(page).toContain(
      '<a href="https://github.com/acme/shop/blob/9f1c2a7e4b5d6c8f0a1b2c3d4e5f60718293a4b5/charts/shop/charts/cart/templates/deployment.yaml#L4">charts/shop/charts/cart/templates/deployment.yaml:4</a>',
    );
    expect(markdown).not.toMatch(/\| `CronJob\/ops\/nightly-backup`/); // excepted: not failing
  });

  it('gives each workload a collapsible <details>, worst first', () => {
    const summaries = [...markdown.matchAll(/<summary><b>(.*?)<\/b>: (.*?)<\/summary>/g)].map(
      (m) => `${m[1]!} (${m[2]!})`,
    );
    expect(summaries).toEqual([
      'Pod/default/debug-shell (attribution none, risky, 3 failing)',
      'Deployment/shop/payments-api (attribution claimed, risky, 2 failing)',
      'DaemonSet/monitoring/node-exporter (attribution none, risky, 1 failing)',
      'Deployment/shop/cart (attribution claimed, 1 failing)',
      'CronJob/ops/nightly-backup (attribution none, 1 finding)',
      'Deployment/shop/web (attribution verified, 0 findings)',
    ]);
    expect(markdown.match(/<\/details>/g)).toHaveLength(6);
  });

  it('lets no HTML, link, cell break or mention through from annotation values', () => {
    const page = html(markdown);
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('<code>shop@1.4.2&quot;&gt;&lt;img src=x onerror=');
    expect(page).toContain('&lt;script&gt;document.title=');
    expect(page).toContain('<code>@acme/payments&lt;script&gt;'); // owners in code: no mention
    expect(markdown).not.toContain('\u001b');
    const report = shopReport();
    const finding = report.workloads[2]!.findings[0]!;
    finding.message = 'a | b <b>bold</b> [x](https://evil.example) www.evil.example\n## heading';
    finding.sourceUrl = 'javascript:alert(1)';
    const hostile = html(renderMarkdown(report));
    expect(hostile).not.toMatch(/<b>bold|href="https:\/\/evil|href="javascript|<h2>heading/);
    expect(hostile).toContain('a | b &lt;b&gt;bold&lt;/b&gt; [x](https://evil.example)');
    const row = /<tr>\s*<td><code>Deployment\/shop\/cart[\s\S]*?<\/tr>/.exec(hostile)?.[0] ?? '';
    expect([...row.matchAll(/<td/g)]).toHaveLength(6);
  });

  it('survives a payload in every string field: no markup, link or control character gets through', () => {
    const markdown = renderMarkdown(poisoned(shopReport()));
    const page = html(markdown);
    expect(page).not.toContain('<trailmark-evil');
    expect(page).not.toContain('href="https://evil');
    expect(markdown).not.toContain('\u001b');
    expect(markdown).not.toContain('\u202e');
    expect(page.match(/<details>/g)).toHaveLength(6);
  });

  it('shortens a large cluster to fit a PR comment, worst first, and says what it left out', () => {
    const report = largeReport(80); // 480 workloads, 560 failing findings
    const full = renderMarkdown(report, { maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(MARKDOWN_MAX_LENGTH);
    const short = renderMarkdown(report);
    expect(short.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(short.startsWith(full.slice(0, full.indexOf('### Failing findings')))).toBe(true);
    const note =
      /^> Shortened to fit 65000 characters: (\d+) of 560 failing findings and 480 of 480 workloads are not shown here; the JSON, SARIF and HTML reports have them all\.$/m.exec(
        short,
      );
    expect(note).not.toBeNull();
    const shownRows = short.split('\n').filter((line) => line.startsWith('| `')).length;
    expect(shownRows).toBe(560 - Number(note![1]) + 7); // + the summary table's code rows
    expect(short).toContain('| `Pod/default/debug-shell-0` | `RISKY_UNATTRIBUTED` |');
    const roomy = renderMarkdown(report, { maxLength: 1_048_576 }); // a job summary's limit
    expect(roomy).toBe(full);
    const tight = renderMarkdown(report, { maxLength: 200_000 });
    expect(tight.length).toBeLessThanOrEqual(200_000);
    expect(tight.match(/<details>/g)?.length).toBe(tight.match(/<\/details>/g)?.length);
    expect(tight).toMatch(/0 of 560 failing findings and \d+ of 480 workloads are not shown/);
  });

  it('matches the golden', () => {
    expect(markdown).toBe(golden(new URL('goldens/shop.md', import.meta.url), markdown));
  });
});

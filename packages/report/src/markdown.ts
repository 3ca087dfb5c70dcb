import type { Finding, VerifyReport, WorkloadReport } from '@trailmark/core';
import { clusterText, findingCounts, locationText, plural, workloadKey } from './format.js';
import { htmlText, mdCode, mdLink, mdText } from './markdown-escape.js';
import { MARKDOWN_MAX_LENGTH, fitMarkdown } from './markdown-fit.js';
import { failingCount, sortFindings, sortWorkloads } from './order.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Longest output in characters (default {@link MARKDOWN_MAX_LENGTH}, a PR comment's limit). */
  maxLength?: number;
}

/**
 * The report as GitHub-flavoured Markdown for a job summary or a PR comment: the verdict, a
 * summary table, a table of the failing findings with file:line links, and one collapsible
 * `<details>` per workload, worst first. Every value is escaped (no HTML, links or mentions
 * from the cluster get through). Longer than `maxLength`, it keeps the verdict and summary, then
 * as many failing findings and workloads as fit, worst first, and says what it left out.
 */
export function renderMarkdown(report: VerifyReport, options: MarkdownOptions = {}): string {
  const workloads = sortWorkloads(report.workloads);
  return fitMarkdown(
    {
      head: [verdictLine(report), summaryTable(report)],
      rows: failingRows(workloads),
      details: workloads.map(details),
    },
    options.maxLength ?? MARKDOWN_MAX_LENGTH,
  );
}

function verdictLine(report: VerifyReport): string {
  const failing = report.summary.failing;
  const verdict =
    report.verdict === 'pass'
      ? '✅ **pass**'
      : `❌ **fail**: ${failing} failing finding${failing === 1 ? '' : 's'}`;
  const policy =
    report.policy.file === undefined ? 'the default policy' : mdCode(report.policy.file);
  return `## trailmark verify: ${verdict}\n\n${mdText(clusterText(report))} under ${policy}, ${mdText(report.generatedAt)}`;
}

function summaryTable(report: VerifyReport): string {
  const s = report.summary;
  const rows: [string, string][] = [
    ['Workloads', `${s.workloads}`],
    ['Attributed (verified)', `${s.attributed}`],
    ['Risky', `${s.risky}`],
    ['Pods / containers', `${s.pods} / ${s.containers}`],
    ['Attestations verified / rejected', `${s.attestations.verified} / ${s.attestations.rejected}`],
    ['Failing findings', `${s.failing}`],
    ...findingCounts(report).map(([code, n]): [string, string] => [mdCode(code, true), `${n}`]),
  ];
  return ['| | |', '| --- | ---: |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function failingRows(workloads: WorkloadReport[]): string[] {
  return workloads.flatMap((workload) =>
    sortFindings(workload.findings)
      .filter((finding) => finding.fails)
      .map((finding) => {
        const cells = [
          mdCode(workloadKey(workload), true),
          mdCode(finding.code, true),
          mdText(finding.severity),
          mdText(finding.message),
          sourceLink(finding, workload) ?? '—',
          owners(workload, true),
        ];
        return `| ${cells.join(' | ')} |`;
      }),
  );
}

function details(workload: WorkloadReport): string {
  const failing = failingCount(workload);
  const tags = [`attribution ${workload.attribution}`];
  if (workload.risky) tags.push('risky');
  tags.push(failing > 0 ? `${failing} failing` : plural(workload.findings.length, 'finding'));
  const summary = `<summary><b>${htmlText(workloadKey(workload))}</b>: ${htmlText(tags.join(', '))}</summary>`;
  return ['<details>', summary, '', ...facts(workload), '</details>'].join('\n');
}

function facts(workload: WorkloadReport): string[] {
  const origin = workload.origin;
  const lines: string[] = [];
  if (origin === undefined) lines.push('- Source: unknown (no origin record, no annotations)');
  else {
    const at = locationText(origin.source);
    const source = at === undefined ? 'unknown file' : mdLink(at, origin.sourceUrl);
    lines.push(`- Source: ${source} (${origin.verified ? 'verified' : 'claimed only'})`);
    lines.push(`- Owners: ${owners(workload)}`);
    if (origin.commit !== undefined) lines.push(`- Commit: ${mdCode(origin.commit)}`);
    if (origin.chart !== undefined) lines.push(`- Chart: ${mdCode(origin.chart)}`);
  }
  for (const risk of workload.risks)
    lines.push(
      `- Risk: ${mdText(risk.kind)}: ${mdText(risk.detail)}${risk.risky ? '' : ' (not risky alone)'}`,
    );
  for (const container of workload.containers) {
    const attested = container.attestations.length > 0 ? 'attested' : '**not attested**';
    lines.push(
      `- Container ${mdCode(`${container.pod}/${container.name}`)}: ${mdCode(container.image)} ${attested}`,
    );
  }
  for (const finding of sortFindings(workload.findings))
    lines.push(`- ${findingItem(finding, workload)}`);
  return lines.length === 0 ? [] : [...lines, ''];
}

function findingItem(finding: Finding, workload: WorkloadReport): string {
  const mark = finding.fails ? '**FAIL**' : finding.exception?.expired === false ? 'skip' : 'warn';
  const at = sourceLink(finding, workload);
  const exception =
    finding.exception === undefined
      ? ''
      : ` (exception by ${mdCode(finding.exception.owner)}, ${finding.exception.expired ? 'expired' : 'until'} ${mdText(finding.exception.expires)})`;
  return `${mark} ${mdCode(finding.code)} (${mdText(finding.severity)}): ${mdText(finding.message)}${at === undefined ? '' : ` at ${at}`}${exception}`;
}

function sourceLink(finding: Finding, workload: WorkloadReport): string | undefined {
  const at = locationText(finding.source);
  if (at === undefined) return undefined;
  return mdLink(
    at,
    finding.sourceUrl ??
      (finding.source === workload.origin?.source ? workload.origin?.sourceUrl : undefined),
  );
}

function owners(workload: WorkloadReport, inTable = false): string {
  const list = workload.origin?.owners ?? [];
  return list.length === 0 ? '—' : list.map((owner) => mdCode(owner, inTable)).join(', ');
}

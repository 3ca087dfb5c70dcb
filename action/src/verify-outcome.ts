import type { VerifyReport } from '@trailmark/core';
import { renderReport } from '@trailmark/trailmark/report';
import { warningAnnotation } from './report.js';
import type { OutputName, Runner } from './runner.js';
import type { Verified } from './verify-step.js';

/** GitHub refuses a job summary step over 1 MiB (counted in bytes). */
export const SUMMARY_MAX_BYTES = 1_048_576;

// Room kept in the job summary for the lines below the report (the files written).
const FOOTER_BYTES = 4096;

/** The step outputs of `command: verify`. */
export function verifyOutputsOf(verified: Verified): Partial<Record<OutputName, string>> {
  const { summary, verdict } = verified.report;
  return {
    verdict,
    findings: String(summary.failing),
    attributed: String(summary.attributed),
    workloads: String(summary.workloads),
    'sarif-path': verified.sarifPath,
    'report-path': verified.reportPath ?? '',
  };
}

/** `verify: FAIL: 2/5 workloads attributed, 2 failing findings`. */
export function verdictLine(report: VerifyReport): string {
  const { summary, verdict } = report;
  return `verify: ${verdict === 'pass' ? 'PASS' : 'FAIL'}: ${String(summary.attributed)}/${String(summary.workloads)} workloads attributed, ${String(summary.failing)} failing findings`;
}

/** The job summary: the Markdown report, then where the SARIF file and the extra report are. */
export function verifySummaryOf(verified: Verified): string {
  const files = [
    `SARIF: \`${verified.sarifPath}\``,
    ...(verified.reportPath === undefined ? [] : [`report: \`${verified.reportPath}\``]),
  ];
  const markdown = verified.markdown.endsWith('\n') ? verified.markdown : `${verified.markdown}\n`;
  return `${markdown}\n<sub>trailmark ${files.join(' · ')}</sub>\n`;
}

/**
 * Reports a verify run through the runner: outputs, warnings, the job summary, and the verdict.
 * Resolves to the exit code: 1 when the verdict is fail and fail-on-findings is true (after an
 * `::error` naming the count), else 0.
 */
export async function reportVerified(verified: Verified, runner: Runner): Promise<number> {
  for (const [name, value] of Object.entries(verifyOutputsOf(verified)) as [OutputName, string][])
    runner.setOutput(name, value);
  for (const warning of verified.warnings) {
    const annotation = warningAnnotation(warning);
    runner.warning(annotation.message, annotation.place);
  }
  await runner.writeSummary(verifySummaryOf(verified));
  const line = verdictLine(verified.report);
  if (verified.report.verdict === 'pass') {
    runner.info(`trailmark ${line}`);
    return 0;
  }
  if (!verified.failOnFindings) {
    runner.warning(`${line} (fail-on-findings: false, the step passes)`, {
      title: 'trailmark: verify',
    });
    return 0;
  }
  runner.error(`${line}; see the job summary and ${verified.sarifPath}`, {
    title: 'trailmark: verify failed',
  });
  return 1;
}

/** The Markdown of the job summary, leaving room for {@link verifySummaryOf}'s footer. */
export function verifySummaryMarkdown(report: VerifyReport): string {
  return summaryMarkdown(report, SUMMARY_MAX_BYTES - FOOTER_BYTES);
}

/**
 * The Markdown report as large as the job summary takes: the renderer cuts rows by characters,
 * the summary counts bytes, so a report with many non-ASCII characters is rendered again, shorter.
 */
export function summaryMarkdown(report: VerifyReport, maxBytes = SUMMARY_MAX_BYTES): string {
  let maxLength = maxBytes;
  for (;;) {
    const markdown = renderReport(report, 'markdown', { maxLength });
    const bytes = Buffer.byteLength(markdown, 'utf8');
    if (bytes <= maxBytes || maxLength < 1024) return markdown;
    maxLength = Math.floor((maxLength * maxBytes) / bytes) - 1024;
  }
}

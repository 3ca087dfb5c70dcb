import { TrailmarkError, type VerifyReport } from '@trailmark/core';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderPolicyReport } from './policy-report.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText, type TextOptions } from './text.js';

/** The formats `trailmark verify --format` offers. */
export const REPORT_FORMATS = [
  'text',
  'json',
  'sarif',
  'markdown',
  'policy-report',
  'html',
] as const;

/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options of {@link renderReport}: each format reads the ones it knows. */
export type RenderOptions = TextOptions & MarkdownOptions & Partial<SarifOptions>;

/** True when `value` names one of {@link REPORT_FORMATS} (for flag parsing). */
export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a verify report in one of {@link REPORT_FORMATS}. */
export function renderReport(
  report: VerifyReport,
  format: ReportFormat,
  options: RenderOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderText(report, options);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report, { ...options, toolVersion: options.toolVersion ?? 'unknown' });
    case 'markdown':
      return renderMarkdown(report, options);
    case 'policy-report':
      return renderPolicyReport(report);
    case 'html':
      return renderHtml(report);
    default:
      return unknownFormat(format);
  }
}

// Reached only when a caller bypasses the type (a flag value passed through unchecked).
function unknownFormat(format: never): never {
  throw new TrailmarkError(
    'INPUT_USAGE',
    `unknown report format ${JSON.stringify(format)}; expected one of ${REPORT_FORMATS.join(', ')}`,
  );
}

export { FINDING_DOCS } from './finding-docs.js';
export type { FindingDoc } from './finding-docs.js';
export { renderHtml } from './html.js';
export { incidentVerdict } from './incident-facts.js';
export type { IncidentVerdict } from './incident-facts.js';
export { renderIncidentJson } from './incident-json.js';
export { renderIncidentMarkdown } from './incident-markdown.js';
export type { IncidentMarkdownOptions } from './incident-markdown.js';
export { renderIncidentText } from './incident-text.js';
export type { IncidentTextOptions } from './incident-text.js';
export { renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export type { MarkdownOptions } from './markdown.js';
export { MARKDOWN_MAX_LENGTH } from './markdown-fit.js';
export { sortFindings, sortWorkloads } from './order.js';
export { POLICY_REPORT_NAME, renderPolicyReport, toPolicyReports } from './policy-report.js';
export type {
  PolicyReportList,
  PolicyReportObject,
  PolicyReportResult,
  PolicyResource,
  PolicyResultValue,
} from './policy-report.js';
export { REPORT_FORMATS, isReportFormat, renderReport } from './render.js';
export type { RenderOptions, ReportFormat } from './render.js';
export { DEFAULT_DOCS_URL, sarifLevel, renderSarif, toSarif } from './sarif.js';
export type { SarifOptions } from './sarif.js';
export { sarifLocation } from './sarif-location.js';
export type { SarifPlace } from './sarif-location.js';
export type { SarifLevel, SarifLocation, SarifLog, SarifResult, SarifRule } from './sarif-types.js';
export { renderText } from './text.js';
export { TRACE_FORMATS, TRACE_RESULT_SCHEMA, isTraceFormat, renderTrace } from './trace-render.js';
export type { TraceFormat, TraceRenderOptions, TraceResult } from './trace-render.js';
export type { TextOptions } from './text.js';

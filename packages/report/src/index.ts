export { FINDING_DOCS } from './finding-docs.js';
export type { FindingDoc } from './finding-docs.js';
export { renderJson } from './json.js';
export { sortFindings, sortWorkloads } from './order.js';
export { REPORT_FORMATS, isReportFormat, renderReport } from './render.js';
export type { RenderOptions, ReportFormat } from './render.js';
export { renderText } from './text.js';
export type { TextOptions } from './text.js';

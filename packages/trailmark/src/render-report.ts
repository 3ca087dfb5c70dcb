// The report renderers, as the CLI and the Action reach them: through the facade, like every
// other domain package.
export { REPORT_FORMATS, isReportFormat, renderReport } from '@trailmark/report';
export type { RenderOptions, ReportFormat } from '@trailmark/report';
export {
  TRACE_FORMATS,
  TRACE_RESULT_SCHEMA,
  isTraceFormat,
  renderIncidentJson,
  renderIncidentMarkdown,
  renderTrace,
} from '@trailmark/report';
export type { TraceFormat, TraceResult } from '@trailmark/report';

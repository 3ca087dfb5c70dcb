import { TrailmarkError, type Incident } from '@trailmark/core';
import { incidentJsonText } from './incident-json.js';
import { renderIncidentMarkdown, type IncidentMarkdownOptions } from './incident-markdown.js';
import { renderIncidentText, type IncidentTextOptions } from './incident-text.js';

/** `schema` of a trace result (`schemas/trace-result.v1.schema.json`). */
export const TRACE_RESULT_SCHEMA = 'https://trailmark.dev/trace-result/v1';

/**
 * What `trailmark trace` answers: one incident per alert of the input, in input order. Always
 * this shape, whether the input held one alert or an Alertmanager payload of twenty, so that
 * consumers of `--format json` never branch on the count.
 */
export interface TraceResult {
  schema: typeof TRACE_RESULT_SCHEMA;
  /** RFC 3339. */
  generatedAt: string;
  incidents: Incident[];
}

/** The formats `trailmark trace --format` offers. */
export const TRACE_FORMATS = ['text', 'json', 'markdown'] as const;

/** One of {@link TRACE_FORMATS}. */
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Options of {@link renderTrace}: each format reads the ones it knows. */
export type TraceRenderOptions = IncidentTextOptions & IncidentMarkdownOptions;

/** True when `value` names one of {@link TRACE_FORMATS} (for flag parsing). */
export function isTraceFormat(value: string): value is TraceFormat {
  return (TRACE_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders a trace result: `text` for a terminal (every incident, then a count when there are
 * several), `json` the result itself (valid against `trace-result.v1`; stable key order, secret
 * shapes scrubbed), `markdown` each incident's issue body (`maxLength` applies to each), a rule
 * apart.
 */
export function renderTrace(
  result: TraceResult,
  format: TraceFormat,
  options: TraceRenderOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderIncidentText(result.incidents, options);
    case 'json':
      return incidentJsonText(result);
    case 'markdown':
      return result.incidents.length === 0
        ? 'No alerts in the input.\n'
        : result.incidents
            .map((incident) => renderIncidentMarkdown(incident, options))
            .join('\n---\n\n');
    default:
      return unknownFormat(format);
  }
}

// Reached only when a caller bypasses the type (a flag value passed through unchecked).
function unknownFormat(format: never): never {
  throw new TrailmarkError(
    'INPUT_USAGE',
    `unknown trace format ${JSON.stringify(format)}; expected one of ${TRACE_FORMATS.join(', ')}`,
  );
}

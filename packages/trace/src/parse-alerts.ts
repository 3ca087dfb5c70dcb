import type { AlertFormat, NormalizedAlert } from '@trailmark/core';
import { traceErrorAt } from './error.js';
import { FORMAT_NAMES, PARSERS, detectFormat } from './parsers/detect.js';
import type { AlertDocument } from './parsers/document.js';
import { forEachDocument } from './parsers/json-input.js';
import { parseReference } from './parsers/reference.js';

/** Options of {@link parseAlerts}. */
export interface ParseAlertsOptions {
  /** Read every document as this format instead of detecting it. */
  format?: AlertFormat;
}

/**
 * The alerts in `text`, read from `file` (`-` for stdin), in input order. The format is detected
 * per JSON document, so a JSON-lines file may mix formats (streams concatenated into one file);
 * with `options.format` every document must be of that format. Falco's internal events (metrics
 * snapshots, event drops) are skipped, so a file of only those gives no alert. With format
 * `reference`, each non-blank line not starting with `#` is a plain reference.
 *
 * Throws a `TraceError` naming the file, the 1-based line and the format tried:
 * `TRACE_ALERT_PARSE` for an empty input, invalid JSON or a document that is not of the given
 * format; `TRACE_ALERT_FORMAT_UNKNOWN` for a document of no known format.
 */
export function parseAlerts(
  text: string,
  file: string,
  options: ParseAlertsOptions = {},
): NormalizedAlert[] {
  const { format } = options;
  if (format === 'reference') return referenceLines(text, file);
  const alerts: NormalizedAlert[] = [];
  forEachDocument(text, file, (doc) => {
    for (const alert of parseDocument(doc, format)) alerts.push(alert);
  });
  return alerts;
}

// One document: as the given format, or as the format its shape shows.
function parseDocument(doc: AlertDocument, format: AlertFormat | undefined): NormalizedAlert[] {
  if (format !== undefined && format !== 'reference') return PARSERS[format](doc);
  const detected = detectFormat(doc.value);
  if (detected !== undefined) return PARSERS[detected](doc);
  const keys = Object.keys(doc.value)
    .slice(0, 5)
    .map((key) => JSON.stringify(key.slice(0, 40)));
  const formats = Object.values(FORMAT_NAMES).slice(0, -1).join(', ');
  throw traceErrorAt(
    'TRACE_ALERT_FORMAT_UNKNOWN',
    doc.at,
    `not an alert of a known format (tried: ${formats}): an object with keys ${keys.join(', ') || '(none)'}`,
  );
}

function referenceLines(text: string, file: string): NormalizedAlert[] {
  const alerts: NormalizedAlert[] = [];
  text.split('\n').forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#'))
      alerts.push(parseReference(trimmed, { path: file, line: index + 1 }));
  });
  if (alerts.length === 0)
    throw traceErrorAt('TRACE_ALERT_PARSE', { path: file, line: 1 }, 'empty input: no reference');
  return alerts;
}

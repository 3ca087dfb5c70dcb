import type { Incident } from '@trailmark/core';
import { workloadKey } from './format.js';
import { clip, incidentVerdict, resolutionText, subjectKey } from './incident-facts.js';
import { alertHeadline, alertTarget } from './incident-alert-text.js';
import { scrubbedIncident } from './incident-scrub.js';
import { LABEL_WIDTH, originLines, pictureLines, type Line } from './incident-text-lines.js';
import { paintOf, textCell, type Paint } from './incident-text-paint.js';

/** Options of {@link renderIncidentText}. */
export interface IncidentTextOptions {
  /** ANSI colors (only when asked: the text reads the same without them). Default false. */
  color?: boolean;
  /**
   * Terminal width: the alert's own free text (message, extra fields) is cut to it with `…`.
   * Facts a responder copies (paths, permalinks, digests, names) are never cut. Default: no limit.
   */
  width?: number;
}

/**
 * Incidents for a terminal, each read in seconds by whoever is on call: a first line with the
 * rule, the workload and the verdict (`verified`, `claimed`, `unattributed`, `unresolved`); what
 * the alert said; then one labelled line per fact — source file:line and permalink, chart,
 * commit, owners, introducer, approvers, operator, deployer, the appliers who changed it by hand
 * since, build, images and their evidence, secrets (reference line and origin), the service
 * account and its bindings with their lines, risks, findings — each marked `✓ verified` or
 * `claimed`; whom to tell; the fingerprint. Several incidents: in the order given, a blank line
 * apart, then a count. Every value is made inert (no control characters reach the terminal) and
 * secret shapes are scrubbed.
 */
export function renderIncidentText(
  incidents: Incident | readonly Incident[],
  options: IncidentTextOptions = {},
): string {
  const list: readonly Incident[] = Array.isArray(incidents) ? incidents : [incidents as Incident];
  const paint = paintOf(options.color === true);
  const blocks = list.map((incident) => block(scrubbedIncident(incident), paint, options.width));
  if (list.length !== 1) blocks.push(countLine(list));
  return `${blocks.join('\n\n')}\n`;
}

// One incident: the title, then its labelled lines.
function block(incident: Incident, paint: Paint, width: number | undefined): string {
  const lines: Line[] = [
    ...alertLines(incident),
    ...resolutionLines(incident),
    ...originLines(incident),
    ...pictureLines(incident),
  ];
  return [titleLine(incident, paint), ...lines.map((line) => render(line, paint, width))].join(
    '\n',
  );
}

// `Terminal shell in container  Deployment/shop/api  verified`
function titleLine(incident: Incident, paint: Paint): string {
  const verdict = incidentVerdict(incident);
  const style = verdict === 'verified' ? 'green' : verdict === 'claimed' ? 'yellow' : 'red';
  const title = `${textCell(incident.alert.rule || 'alert')}  ${textCell(subjectKey(incident))}`;
  return `${paint('bold', title)}  ${paint(style, verdict.toUpperCase())}`;
}

function alertLines(incident: Incident): Line[] {
  const alert = incident.alert;
  const lines: Line[] = [{ label: 'alert', text: alertHeadline(alert) }];
  const target = alertTarget(alert);
  if (target !== undefined) lines.push({ text: target });
  if (alert.message !== undefined) lines.push({ text: alert.message, free: true });
  for (const [name, value] of Object.entries(alert.fields ?? {}))
    lines.push({ text: `${name}: ${value}`, free: true });
  const rule =
    alert.ruleAt === undefined ? '' : `; rule defined at ${alert.ruleAt.path}:${alert.ruleAt.line}`;
  lines.push({ text: `input ${alert.at.path}:${alert.at.line}${rule}` });
  return lines;
}

function resolutionLines(incident: Incident): Line[] {
  const { status, reason } = incident.resolution;
  if (status === 'unresolved')
    return [{ label: 'unresolved', text: reason ?? 'no reason given', style: 'red' }];
  const lines: Line[] = [];
  lines.push({ label: 'resolved', text: resolutionText(incident) });
  if (incident.object !== undefined && incident.workload !== undefined)
    lines.push({ label: 'object', text: workloadKey(incident.object) });
  if (incident.usedBy.length > 0)
    lines.push({
      label: 'used by',
      text: incident.usedBy.map((ref) => workloadKey(ref)).join(', '),
    });
  return lines;
}

// `  label        text  ✓ verified`, the label column fixed, continuation lines indented.
function render(line: Line, paint: Paint, width: number | undefined): string {
  const head = `  ${(line.label ?? '').padEnd(LABEL_WIDTH)} `;
  let text = textCell(line.text);
  if (line.free === true && width !== undefined) text = clip(text, width - head.length);
  if (line.style !== undefined) text = paint(line.style, text);
  if (line.verified !== undefined)
    text += line.verified ? `  ${paint('green', '✓ verified')}` : `  ${paint('yellow', 'claimed')}`;
  return `${head}${text}`;
}

function countLine(incidents: readonly Incident[]): string {
  const counts = new Map<string, number>();
  for (const incident of incidents) {
    const verdict = incidentVerdict(incident);
    counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  }
  const parts = ['verified', 'claimed', 'unattributed', 'unresolved']
    .filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict) ?? 0} ${verdict}`);
  const noun = incidents.length === 1 ? 'incident' : 'incidents';
  return `${incidents.length} ${noun}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
}

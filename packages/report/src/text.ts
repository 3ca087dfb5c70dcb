import type { Finding, RiskFact, VerifyReport, WorkloadReport } from '@trailmark/core';
import {
  clusterText,
  findingCountsText,
  inert,
  locationText,
  plural,
  workloadKey,
} from './format.js';
import { failingCount, sortFindings, sortWorkloads } from './order.js';

/** Options of {@link renderText}. */
export interface TextOptions {
  /** ANSI colors (only when asked: the text reads the same without them). Default false. */
  color?: boolean;
}

type Paint = (style: keyof typeof ANSI, text: string) => string;

const ANSI = { red: '31', yellow: '33', green: '32', dim: '2', bold: '1' } as const;

/**
 * The report for a terminal: one block per workload, worst first (failing findings, then
 * severity, then name), each with its attribution, origin (template file:line, owners), risk facts
 * and one line per finding; then a summary line and the verdict. Every value from the cluster is
 * made inert (no control characters reach the terminal).
 */
export function renderText(report: VerifyReport, options: TextOptions = {}): string {
  const paint: Paint =
    options.color === true ? (s, t) => `\u001b[${ANSI[s]}m${t}\u001b[0m` : (_, t) => t;
  const lines = [...header(report, paint), ''];
  for (const workload of sortWorkloads(report.workloads)) lines.push(...block(workload, paint), '');
  if (report.workloads.length === 0) lines.push('No workloads in scope.', '');
  lines.push(summaryLine(report, paint));
  return `${lines.join('\n')}\n`;
}

// The title line and where the inputs came from.
function header(report: VerifyReport, paint: Paint): string[] {
  const verdict = report.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
  const captured =
    report.cluster.capturedAt === undefined ? '' : `, captured ${inert(report.cluster.capturedAt)}`;
  const policy =
    report.policy.file === undefined ? 'default policy' : `policy ${inert(report.policy.file)}`;
  return [
    paint('bold', `trailmark verify: ${verdict}`),
    `${inert(clusterText(report))}${captured}; ${policy}; generated ${inert(report.generatedAt)}`,
  ];
}

// One workload: title, origin, risk facts, findings.
function block(workload: WorkloadReport, paint: Paint): string[] {
  const failing = failingCount(workload);
  const tags = [`attribution: ${attributionText(workload, paint)}`];
  if (workload.risky) tags.push(paint('yellow', 'risky'));
  if (failing > 0) tags.push(paint('red', `${failing} failing`));
  return [
    `${paint('bold', inert(workloadKey(workload)))}  (${tags.join(', ')})`,
    ...originLines(workload),
    ...workload.risks.map((risk) => `  risk     ${riskText(risk)}`),
    ...sortFindings(workload.findings).map((finding) => `  ${findingLine(finding, paint)}`),
  ];
}

function attributionText(workload: WorkloadReport, paint: Paint): string {
  switch (workload.attribution) {
    case 'verified':
      return paint('green', 'verified');
    case 'claimed':
      return paint('yellow', 'claimed');
    case 'none':
      return paint('red', 'none');
    default: // not one of the three (a hand-edited JSON report): shown, inert
      return inert(String(workload.attribution));
  }
}

function originLines(workload: WorkloadReport): string[] {
  const origin = workload.origin;
  if (origin === undefined) return ['  source   unknown (no origin record, no annotations)'];
  const at = locationText(origin.source) ?? 'unknown file';
  const owners = origin.owners.length === 0 ? 'no owners' : `owners ${origin.owners.join(', ')}`;
  const lines = [
    `  source   ${inert(at)} (${origin.verified ? 'verified' : 'claimed'}); ${inert(owners)}`,
  ];
  const facts = [
    origin.repository,
    origin.commit === undefined ? undefined : `commit ${origin.commit.slice(0, 12)}`,
    origin.chart === undefined ? undefined : `chart ${origin.chart}`,
  ].filter((fact) => fact !== undefined);
  if (facts.length > 0) lines.push(`  from     ${inert(facts.join('; '))}`);
  return lines;
}

function riskText(risk: RiskFact): string {
  const container = risk.container === undefined ? '' : ` [${risk.container}]`;
  const at = risk.at === undefined ? '' : ` at ${locationText(risk.at) ?? ''}`;
  const note = risk.risky ? '' : ' (not risky alone)';
  return inert(`${risk.kind}${container}: ${risk.detail}${at}${note}`);
}

// `FAIL critical CODE message at file:line` (the marker says what the finding does to the run).
function findingLine(finding: Finding, paint: Paint): string {
  const at = locationText(finding.source);
  const exception = finding.exception;
  let marker = finding.fails ? paint('red', 'FAIL') : paint('yellow', 'warn');
  let note = '';
  if (exception !== undefined) {
    if (!exception.expired && !finding.fails) marker = paint('dim', 'skip');
    const state = exception.expired ? 'expired' : 'until';
    note = ` (exception by ${exception.owner}, ${state} ${exception.expires}: ${exception.reason})`;
  }
  const where = at === undefined ? '' : ` at ${at}`;
  return `${marker} ${inert(finding.severity).padEnd(8)} ${inert(finding.code).padEnd(20)} ${inert(finding.message + where + note)}`;
}

// The closing line: counts by code, then the verdict.
function summaryLine(report: VerifyReport, paint: Paint): string {
  const s = report.summary;
  const verdict = report.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
  return [
    `${plural(s.workloads, 'workload')}, ${s.attributed} attributed, ${s.risky} risky`,
    `${plural(s.pods, 'pod')}, ${plural(s.containers, 'container')}`,
    `findings: ${findingCountsText(report)} (${s.failing} failing)`,
    `attestations: ${s.attestations.total} (${s.attestations.verified} verified, ${s.attestations.rejected} rejected)`,
    `verdict: ${verdict}`,
  ].join('; ');
}

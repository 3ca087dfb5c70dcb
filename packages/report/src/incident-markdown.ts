import type { Incident } from '@trailmark/core';
import { locationText } from './format.js';
import {
  incidentVerdict,
  introducerText,
  isVerified,
  operatorText,
  resolutionText,
  subjectKey,
  type IncidentVerdict,
} from './incident-facts.js';
import { alertHeadline, alertTarget } from './incident-alert-text.js';
import { factLink, mdFence, mdName, mdProse, withoutScheme } from './incident-markdown-escape.js';
import { fitIncidentMarkdown } from './incident-markdown-fit.js';
import { incidentSections } from './incident-markdown-sections.js';
import { scrubbedIncident } from './incident-scrub.js';
import { MARKDOWN_MAX_LENGTH } from './markdown-fit.js';

/** Options of {@link renderIncidentMarkdown}. */
export interface IncidentMarkdownOptions {
  /**
   * Longest output in characters. Default {@link MARKDOWN_MAX_LENGTH} (65,000: under the 65,536 of
   * a GitHub issue body or comment); an escalation that adds mentions and a marker passes less.
   */
  maxLength?: number;
}

/** Longest alert message shown (Falco output lines are far shorter; the JSON has the rest). */
const MESSAGE_MAX = 2000;

/**
 * One incident as the body of a GitHub issue (GFM): a title line with the rule, the workload and
 * the verdict; what the alert said (its own output in a code block); a list of the origin's facts
 * — source linked to its permalink, chart, commit, owners, introducer, approvers, operator,
 * deployer, build, environment — each marked verified or claimed; then lists of the appliers by
 * hand, images with their evidence, secrets (reference line and origin), the service account and
 * its bindings with their lines, risks, findings, used-by workloads, the alert's fields and the
 * bundles relied on; the fingerprint last. Nothing from the alert or cluster gets through as HTML,
 * a link, a mention or an issue reference: mentions are the escalation's job, not the body's.
 * Links only come from verified facts: a claimed permalink (an annotation anyone with edit
 * rights can write) is shown as text to copy, never as a link to click.
 * Too long, it drops list items from the end of the least urgent lists first and says so.
 */
export function renderIncidentMarkdown(
  incident: Incident,
  options: IncidentMarkdownOptions = {},
): string {
  const clean = scrubbedIncident(incident);
  return fitIncidentMarkdown(
    { head: head(clean), sections: incidentSections(clean), tail: tail(clean) },
    options.maxLength ?? MARKDOWN_MAX_LENGTH,
  );
}

const VERDICT: Readonly<Record<IncidentVerdict, string>> = {
  verified: '✅ **verified**: a verified bundle backs the origin',
  claimed: '⚠️ **claimed**: only annotations say where it came from',
  unattributed: '❌ **unattributed**: no origin record and no annotations',
  unresolved: '❓ **unresolved**',
};

function head(incident: Incident): string[] {
  const alert = incident.alert;
  const verdict = incidentVerdict(incident);
  const reason = incident.resolution.reason;
  const lines = [
    `### ${mdProse(alert.rule || 'alert', 200)} on ${mdName(subjectKey(incident), 300)}`,
    verdict === 'unresolved'
      ? `${VERDICT.unresolved}: ${mdProse(reason ?? 'no reason given')}`
      : `${VERDICT[verdict]} (resolved: ${mdProse(resolutionText(incident))})`,
  ];
  const target = alertTarget(alert);
  const rule =
    alert.ruleAt === undefined
      ? ''
      : `, rule defined at ${mdName(locationText(alert.ruleAt) ?? '')}`;
  lines.push(
    `**Alert** ${mdProse(alertHeadline(alert))}${target === undefined ? '' : `: ${mdProse(target)}`} (input ${mdName(locationText(alert.at) ?? '')}${rule})`,
  );
  if (alert.message !== undefined) lines.push(mdFence(alert.message, MESSAGE_MAX));
  const facts = factList(incident);
  if (facts !== undefined) lines.push(facts);
  return lines;
}

// The origin's facts, one item each, marked verified or claimed (a list: values may hold pipes,
// which would split a table's cells).
function factList(incident: Incident): string | undefined {
  const origin = incident.origin;
  if (origin === undefined) return undefined;
  const items: string[] = [];
  const add = (label: string, value: string, fact?: string): void => {
    const mark =
      fact === undefined ? '' : isVerified(incident, fact) ? ' ✅ verified' : ' ⚠️ claimed';
    items.push(`- **${label}**: ${value}${mark}`);
  };
  const at = locationText(origin.source);
  add(
    'Source',
    factLink(at ?? 'unknown file', origin.sourceUrl, isVerified(incident, 'source')),
    'source',
  );
  if (origin.chart !== undefined) add('Chart', mdName(origin.chart), 'chart');
  if (origin.commit !== undefined) add('Commit', mdName(origin.commit), 'commit');
  if (origin.repository !== undefined) add('Repository', mdName(origin.repository));
  add('Owners', names(origin.owners), 'owners');
  if (origin.introducer !== undefined)
    add('Introducer', mdName(introducerText(origin.introducer)), 'introducer');
  add('Approvers', names(origin.approvers), 'approvers');
  if (origin.operator !== undefined)
    add('Operator', mdName(operatorText(origin.operator)), 'operator');
  const deployer = incident.deployer;
  if (deployer !== undefined) {
    const who =
      deployer.operator === undefined
        ? 'unknown operator'
        : mdName(operatorText(deployer.operator));
    const from = deployer.repository === undefined ? '' : ` from ${mdName(deployer.repository)}`;
    add('Deployer', `${who}${from}; owners ${names(deployer.owners)}`, 'deployer');
  }
  if (origin.build !== undefined)
    add(
      'Build',
      factLink(withoutScheme(origin.build), origin.build, isVerified(incident, 'build')),
      'build',
    );
  if (origin.environment !== undefined)
    add('Environment', mdName(origin.environment), 'environment');
  add('Notify', names(incident.notify));
  return items.join('\n');
}

// Owners, approvers, whom to notify: a handful in practice; a forged annotation could list
// thousands, so the head stays bounded.
const NAMES_MAX = 20;

function names(list: readonly string[]): string {
  if (list.length === 0) return 'none';
  const shown = list.slice(0, NAMES_MAX).map((name) => mdName(name, 200));
  const more = list.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

function tail(incident: Incident): string {
  return `<sub>trailmark trace · fingerprint ${mdName(incident.fingerprint)} · ${mdProse(incident.generatedAt)}</sub>`;
}

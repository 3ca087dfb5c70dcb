import type { Incident, Severity } from '@trailmark/core';
import { defuseMarkers, hasMarker, markerOf, requireFingerprint } from './escalation-marker.js';
import { chooseRepository, type GithubRepository } from './escalation-repository.js';
import { fitBody, mentionsOf, titleOf } from './escalation-text.js';

/** The label every trailmark issue carries: the dedupe fallback lists open issues by it. */
export const ESCALATION_LABEL = 'trailmark';

/** Options of {@link planGithubEscalation}. */
export interface GithubEscalationOptions {
  /** The incident rendered as Markdown (the report package's renderer; passed in). */
  body: string;
  /** Labels besides {@link ESCALATION_LABEL} (default `security` and `severity:<severity>`). */
  labels?: string[];
  /** Web hosts that are GitHub (default `['github.com']`; add a GitHub Enterprise host). */
  hosts?: string[];
}

/** What escalating an incident to GitHub would do, before anything is asked of GitHub. */
export interface GithubEscalationPlan {
  /** The issue's repository; `undefined` with {@link reason} when the origin has none on GitHub. */
  repository: GithubRepository | undefined;
  reason?: string;
  /** `<rule> on <Kind namespace/name>`, ≤ 256 characters. */
  title: string;
  /** Issue body: the incident, a line of mentions, the hidden marker. */
  body: string;
  /** Body of a comment on an existing issue: a recurrence line, the incident, the marker. */
  comment: string;
  labels: string[];
  /** `@user` and `@org/team` mentioned (from `incident.notify`). */
  mentions: string[];
  /** Owners in `notify` that cannot be mentioned (e-mail addresses). */
  unmentionable: string[];
  /** The incident fingerprint (`sha256:<hex>`) and its marker line. */
  fingerprint: string;
  marker: string;
}

/**
 * Plans the GitHub issue for an incident (pure): where it goes, its title, body, labels and
 * marker. The Markdown is attacker-influenced (it quotes the alert), so marker look-alikes in it
 * are defused; the body fits GitHub's 65,536-character limit with the marker kept last.
 */
export function planGithubEscalation(
  incident: Incident,
  options: GithubEscalationOptions,
): GithubEscalationPlan {
  const marker = markerOf(incident.fingerprint);
  const markdown = defuseMarkers(options.body);
  const { mentions, skipped } = mentionsOf(incident.notify);
  const cc = mentions.length > 0 ? `cc ${mentions.join(' ')}\n\n` : '';
  const choice = chooseRepository(incident, options.hosts ?? ['github.com']);
  const seen = incident.alert.time ?? incident.generatedAt;
  return {
    repository: choice.repository,
    ...(choice.repository === undefined ? { reason: choice.reason } : {}),
    title: titleOf(incident),
    body: fitBody(markdown, `${cc}${marker}`),
    // Owners were mentioned in the issue and so are subscribed: a recurrence does not ping again.
    comment: fitBody(`**Seen again** at ${seen}.\n\n${markdown}`, marker),
    labels: labelsOf(incident.alert.severity, options.labels),
    mentions,
    unmentionable: skipped,
    fingerprint: incident.fingerprint,
    marker,
  };
}

function labelsOf(severity: Severity, extra: readonly string[] | undefined): string[] {
  const wanted = [ESCALATION_LABEL, ...(extra ?? ['security', `severity:${severity}`])];
  return [...new Set(wanted.map((label) => label.trim()).filter((label) => label !== ''))];
}

/** An issue found on GitHub that may carry the marker. */
export interface ExistingIssue {
  number: number;
  /** `open` or `closed`. */
  state: string;
  body: string;
}

/** What to do on GitHub for a fingerprint. */
export type GithubAction =
  | { action: 'comment'; number: number }
  /** `previous`: the latest closed issue with the marker, referenced from the new one. */
  | { action: 'create'; previous?: number };

/**
 * Decides between commenting and creating (pure). Only issues whose body carries the marker for
 * `fingerprint` count (search results are candidates, never trusted). An open one gets the comment
 * (the oldest, when a race opened two). When only closed ones carry it, a new issue is created that
 * references the latest: a closed issue means its owners considered it handled, so a recurrence is
 * news, and a comment on a closed issue is easily missed.
 */
export function decideGithubAction(
  existing: readonly ExistingIssue[],
  fingerprint: string,
): GithubAction {
  const marked = existing.filter((issue) => hasMarker(issue.body, fingerprint));
  const open = marked.filter((issue) => issue.state === 'open').map((issue) => issue.number);
  if (open.length > 0) return { action: 'comment', number: Math.min(...open) };
  const closed = marked.map((issue) => issue.number);
  return closed.length > 0
    ? { action: 'create', previous: Math.max(...closed) }
    : { action: 'create' };
}

/** The body of a new issue that follows a closed one (`Previously: #N (closed).` first). */
export function followUpBody(plan: GithubEscalationPlan, previous: number | undefined): string {
  return previous === undefined
    ? plan.body
    : `Previously reported in #${String(previous)} (closed).\n\n${plan.body}`;
}

/** What a webhook delivery sends. */
export interface WebhookPlan {
  /** The exact bytes POSTed (and signed): the incident JSON, UTF-8. */
  payload: Uint8Array;
  contentType: 'application/json';
  /** The header carrying `sha256=<hex HMAC-SHA256 of payload>`. */
  signatureHeader: 'X-Trailmark-Signature-256';
  fingerprint: string;
}

/** Plans a webhook delivery of the incident JSON (pure; signing needs the secret, done by the caller). */
export function planWebhook(incident: Incident, json: string): WebhookPlan {
  requireFingerprint(incident.fingerprint);
  return {
    payload: new TextEncoder().encode(json),
    contentType: 'application/json',
    signatureHeader: 'X-Trailmark-Signature-256',
    fingerprint: incident.fingerprint,
  };
}

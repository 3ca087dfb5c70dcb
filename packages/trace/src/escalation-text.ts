import type { Incident } from '@trailmark/core';

/** GitHub's longest issue title. */
export const GITHUB_TITLE_MAX = 256;
/** GitHub's longest issue or comment body (characters). */
export const GITHUB_BODY_MAX = 65_536;

// `@login` (GitHub's rule: 1–39 of [A-Za-z0-9-], no leading, trailing or double hyphen) or
// `@org/team-slug`. Anything else in `notify` (an e-mail owner from CODEOWNERS) cannot be mentioned.
const MENTION =
  /^@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?$/;

/** The workload (or object, or pod) an incident is about, as `Kind namespace/name`. */
export function subjectOf(incident: Incident): string {
  const ref = incident.workload ?? incident.object;
  if (ref !== undefined)
    return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
  const { namespace, pod } = incident.alert;
  const name = incident.pod ?? pod;
  if (name !== undefined) return `Pod ${namespace === undefined ? '' : `${namespace}/`}${name}`;
  return namespace === undefined ? 'an unresolved workload' : `namespace ${namespace}`;
}

/**
 * `<rule> on <Kind namespace/name>`, on one line, at most {@link GITHUB_TITLE_MAX} characters (cut
 * with `…`). The rule comes from the alert: control characters and runs of whitespace become one
 * space so it cannot break the title.
 */
export function titleOf(incident: Incident): string {
  const rule = oneLine(incident.alert.rule) || 'alert';
  const title = `${rule} on ${oneLine(subjectOf(incident))}`;
  // Cut between graphemes (an emoji or an accented letter stays whole), counting UTF-16 units
  // as GitHub's limit does.
  if (title.length <= GITHUB_TITLE_MAX) return title;
  let kept = '';
  for (const { segment } of new Intl.Segmenter().segment(title)) {
    if (kept.length + segment.length > GITHUB_TITLE_MAX - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** The mentionable entries of `notify`, in order, deduplicated, and those that are not. */
export function mentionsOf(notify: readonly string[]): { mentions: string[]; skipped: string[] } {
  const mentions: string[] = [];
  const skipped: string[] = [];
  for (const entry of notify) {
    const target = MENTION.test(entry) ? mentions : skipped;
    if (!target.includes(entry)) target.push(entry);
  }
  return { mentions, skipped };
}

/**
 * `markdown`, then a blank line and `tail`, within `max` characters: when too long the Markdown is
 * cut at a line end and a note says how much was left out, so the tail (mentions, marker) survives.
 */
export function fitBody(markdown: string, tail: string, max = GITHUB_BODY_MAX): string {
  const whole = `${markdown.trimEnd()}\n\n${tail}`;
  if (whole.length <= max) return whole;
  const note = (left: number): string =>
    `\n\n_… ${String(left)} characters of the incident left out (GitHub's body limit); the JSON output has it all._`;
  const room = max - tail.length - 2 - note(markdown.length).length;
  const cut = markdown.lastIndexOf('\n', Math.max(0, room));
  const kept = markdown.slice(0, cut > 0 ? cut : Math.max(0, room));
  return `${kept}${note(markdown.length - kept.length)}\n\n${tail}`;
}

function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\s]+/gu, ' ').trim();
}

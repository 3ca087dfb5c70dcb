import { inert } from './format.js';
import { clip } from './incident-facts.js';
import { mdCode, mdLink, mdText } from './markdown-escape.js';

// Escaping for an issue body, on top of markdown-escape.ts. An alert's message and user names are
// written by whoever triggered the alert: beyond HTML and links, they must not mention people or
// teams (`@acme/security` pages a whole team) nor cross-reference other issues (`org/repo#1`
// leaves a back-link there). GitHub makes neither inside code, so such tokens go in code spans.

// `@user`, `@org/team` (not inside a word, as an e-mail address), `#12`, `org/repo#12`, `GH-12`.
const REFERENCE = /(?<![\w`])(@[A-Za-z0-9][\w./-]*|(?:[\w.-]+\/[\w.-]+)?#\d+|GH-\d+)/g;

/** Longest value shown in full in an issue body; longer ones are cut with `…` (the JSON has all). */
export const VALUE_MAX = 500;

/** Free text (a reason, a finding's message): escaped, with mentions and references in code. */
export function mdProse(value: string, max = VALUE_MAX): string {
  return clip(value, max)
    .split(REFERENCE)
    .map((part, index) => (index % 2 === 1 ? mdCode(part) : mdText(part)))
    .join('');
}

/** A name or value shown verbatim, in a code span (no mention, link or markup), cut to `max`. */
export function mdName(value: string, max = VALUE_MAX): string {
  return mdCode(clip(value, max));
}

/**
 * A fenced `text` block, for an alert's own output: nothing inside is Markdown, HTML, a mention
 * or a link. One line (line breaks become spaces), control characters shown as `\u{…}`.
 */
export function mdFence(value: string, max: number): string {
  const flat = inert(clip(value, max).replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' '));
  const longest = Math.max(2, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${flat}\n${fence}`;
}

// Longer URLs are not links (they are cut as text): no real permalink is this long.
const URL_MAX = 2000;

/**
 * `text` linked to `url` when a verified bundle backs it; otherwise the text, then the URL in a
 * code span to copy: a claimed URL is an annotation anyone with edit rights could point anywhere.
 */
export function factLink(text: string, url: string | undefined, verified: boolean): string {
  if (url === undefined) return mdText(clip(text, VALUE_MAX));
  if (verified && url.length <= URL_MAX) return mdLink(clip(text, VALUE_MAX), url);
  if (text === url || text === withoutScheme(url)) return mdName(url);
  return `${mdText(clip(text, VALUE_MAX))} (${mdName(url)})`;
}

/** A URL as link text, without the scheme (which `mdText` would break up to stop autolinks). */
export function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

import { inert } from './format.js';

// Escaping for GitHub-flavoured Markdown. Values come from the cluster and from annotations that
// anyone with edit rights can write: in a job summary or PR comment they must not inject HTML
// (GitHub renders raw HTML in Markdown), links, tables cells or mentions.

/**
 * Plain text: the characters that start Markdown or HTML syntax backslash-escaped (emphasis,
 * links, code, tags, entities, table pipes), autolinks broken (`https\://`, `www\.`), line
 * breaks flattened.
 */
export function mdText(value: string): string {
  return flatten(value)
    .replace(/[\\`*_[\]()<>|~&!#]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/**
 * A code span (for owners, paths, images: shown verbatim, never a mention or a link). Pipes are
 * escaped in table cells, where GFM splits on them even inside code spans.
 */
export function mdCode(value: string, inTable = false): string {
  const flat = flatten(value);
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A link when `url` is http(s), otherwise just the (escaped) text. */
export function mdLink(text: string, url: string | undefined): string {
  if (url === undefined || !/^https?:\/\/[^\s]+$/i.test(url)) return mdText(text);
  const safe = url.replace(
    /[()<>"'`|\\[\]]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `[${mdText(text)}](${safe})`;
}

/** HTML text (inside `<summary>`, where Markdown is not parsed). */
export function htmlText(value: string): string {
  return flatten(value).replace(/[&<>"'|]/g, (c) => `&#${c.charCodeAt(0)};`);
}

// One line, no control characters (shown as visible escapes, as in the text report).
function flatten(value: string): string {
  return inert(value.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' '));
}

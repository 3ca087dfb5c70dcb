import { inert } from './format.js';

// HTML built only through the `html` tag: every interpolated value is escaped unless it is itself
// the output of `html` (or `href`). Values in the report come from annotations and the cluster,
// which anyone with edit rights can write: an auditor's page must never run or fetch what an
// attacker put in an annotation.

/** A fragment of HTML that is safe to insert as is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Something the `html` tag can insert: text (escaped), safe HTML, lists of them, or nothing. */
export type HtmlValue =
  SafeHtml | string | number | boolean | undefined | null | readonly HtmlValue[];

/**
 * Tagged template: escapes every value (`&<>"'` as entities, control characters and bidirectional
 * overrides as visible `\u{…}`) except {@link SafeHtml}.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += insert(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link when `url` is http(s) (no `javascript:`, `data:` or relative URLs); else the text alone. */
export function link(text: string, url: string | undefined): SafeHtml {
  if (url === undefined || !/^https?:\/\/[^\s]+$/i.test(url)) return html`${text}`;
  return html`<a href="${url}" rel="noreferrer noopener">${text}</a>`;
}

function insert(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((item: HtmlValue) => insert(item)).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(inert(String(value)));
}

import type { IncidentSection } from './incident-markdown-sections.js';
import { takeWhileFits } from './markdown-fit.js';

// A GitHub issue body holds at most 65,536 characters. An incident's head (title, verdict, the
// alert, the origin's facts) is bounded, every value in it cut to a few hundred characters; its
// lists are not (a Secret used by 500 workloads, a pod with 40 findings). The lists give way:
// each keeps its first items while the budget lasts, the more urgent lists first.

/** The parts of an incident's Markdown. */
export interface IncidentMarkdownParts {
  /** Always kept. */
  head: string[];
  /** Most urgent first. */
  sections: IncidentSection[];
  /** The closing line (fingerprint), always kept. */
  tail: string;
}

const NOTE_RESERVE = 600;

/** Joins the parts; longer than `maxLength`, drops list items from the end and says so. */
export function fitIncidentMarkdown(parts: IncidentMarkdownParts, maxLength: number): string {
  const full = assemble(parts.head, parts.sections, parts.tail, '');
  if (full.length <= maxLength) return full;
  let budget = maxLength - assemble(parts.head, [], parts.tail, '').length - NOTE_RESERVE;
  const pay = (cost: number): boolean => (budget -= cost) >= 0;
  const kept: IncidentSection[] = [];
  const dropped: string[] = [];
  for (const section of parts.sections) {
    const items = pay(heading(section).length + 2) ? takeWhileFits(section.items, 1, pay) : [];
    if (items.length > 0) kept.push({ ...section, items });
    const gone = section.items.length - items.length;
    if (gone > 0) dropped.push(`${gone} of ${section.items.length} ${section.noun}s`);
  }
  const note = `> Shortened to fit ${maxLength} characters: ${dropped.join(', ')} not shown here; \`trailmark trace --format json\` has them all.`;
  return assemble(parts.head, kept, parts.tail, note);
}

function heading(section: IncidentSection): string {
  return `#### ${section.title}`;
}

function assemble(head: string[], sections: IncidentSection[], tail: string, note: string): string {
  return [
    ...head,
    ...sections.map((section) => [heading(section), '', ...section.items].join('\n')),
    note,
    tail,
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

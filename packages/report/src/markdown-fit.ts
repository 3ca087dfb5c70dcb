// GitHub caps a PR comment at 65,536 characters and a job summary at 1 MiB: a large cluster's
// report must be shortened, keeping what matters most (the verdict and summary, then the failing
// findings worst first, then the workloads worst first) and saying what was left out.

/** The default `maxLength` of `renderMarkdown`: fits a PR comment (65,536 characters). */
export const MARKDOWN_MAX_LENGTH = 65_000;

/** The parts of the Markdown report, each list worst first. */
export interface MarkdownParts {
  /** Verdict line and summary table: always kept. */
  head: string[];
  /** Rows of the failing-findings table. */
  rows: string[];
  /** One `<details>` block per workload. */
  details: string[];
}

const TABLE_HEAD = [
  '### Failing findings',
  '',
  '| Workload | Code | Severity | Message | Source | Owners |',
  '| --- | --- | --- | --- | --- | --- |',
].join('\n');
const NOTE_RESERVE = 400;

/** Joins the parts, dropping rows and then workloads from the end until it fits `maxLength`. */
export function fitMarkdown(parts: MarkdownParts, maxLength: number): string {
  const full = assemble(parts.head, parts.rows, parts.details, '');
  if (full.length <= maxLength) return full;
  let budget =
    maxLength - assemble(parts.head, [], [], '').length - TABLE_HEAD.length - 40 - NOTE_RESERVE;
  const rows = takeWhileFits(parts.rows, 1, (cost) => (budget -= cost) >= 0);
  const details = takeWhileFits(parts.details, 2, (cost) => (budget -= cost) >= 0);
  const note =
    `> Shortened to fit ${maxLength} characters: ${parts.rows.length - rows.length} of ${parts.rows.length} failing findings ` +
    `and ${parts.details.length - details.length} of ${parts.details.length} workloads are not shown here; ` +
    'the JSON, SARIF and HTML reports have them all.';
  return assemble(parts.head, rows, details, note);
}

function assemble(head: string[], rows: string[], details: string[], note: string): string {
  return [
    ...head,
    rows.length === 0 ? '' : [TABLE_HEAD, ...rows].join('\n'),
    details.length === 0 ? '' : `### Workloads\n\n${details.join('\n\n')}`,
    note,
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

/**
 * The longest prefix of `items` whose items (each plus `separator` characters) `pay` still
 * accepts; `pay` is called once per item until it refuses.
 */
export function takeWhileFits(
  items: string[],
  separator: number,
  pay: (cost: number) => boolean,
): string[] {
  const kept: string[] = [];
  for (const item of items) {
    if (!pay(item.length + separator)) break;
    kept.push(item);
  }
  return kept;
}

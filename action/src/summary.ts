import type { OriginRecords } from '@trailmark/core';
import type { Outcome } from './report.js';
import { nameOf } from './report.js';

/** Rows of the objects table before it is cut (a job summary is capped at 1 MiB). */
const MAX_OBJECT_ROWS = 200;

/** The job summary: the change, the objects stamped with owners, the images and the attestations. */
export function summaryOf(outcome: Outcome, now: Date): string {
  const parts = [
    `## trailmark ${outcome.command}`,
    '',
    ...changeSection(outcome),
    ...objectsSection(outcome.stamped?.records),
    ...imagesSection(outcome.stamped?.records),
    ...sbomSection(outcome),
    ...attestationsSection(outcome),
    ...warningsSection(outcome.warnings),
    `<sub>trailmark · ${now.toISOString()}</sub>`,
    '',
  ];
  return parts.join('\n');
}

function changeSection(outcome: Outcome): string[] {
  const records = outcome.stamped?.records;
  const rows: [string, string][] = [];
  if (records?.repository?.commit) rows.push(['Commit', code(records.repository.commit)]);
  for (const pr of outcome.change?.pullRequests ?? []) {
    rows.push([
      'Pull request',
      `[#${String(pr.number)}](${pr.url}) ${escape(pr.title)}${pr.author ? ` by @${pr.author}` : ''}`,
    ]);
    rows.push([
      'Approved by',
      pr.approvers.length > 0 ? pr.approvers.map((login) => `@${login}`).join(', ') : '_nobody_',
    ]);
    if (pr.mergedBy) rows.push(['Merged by', `@${pr.mergedBy}`]);
  }
  if (outcome.change && outcome.change.pullRequests.length === 0)
    rows.push(['Pull request', '_none found for this commit_']);
  if (records?.operator)
    rows.push([
      'Operator',
      `${escape(records.operator.id)}${records.operator.workflowRef ? ` (${code(records.operator.workflowRef)})` : ''}`,
    ]);
  if (records?.build?.runUrl) rows.push(['Build', records.build.runUrl]);
  if (records?.environment) rows.push(['Environment', code(records.environment)]);
  if (rows.length === 0) return [];
  return ['| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${value} |`), ''];
}

function objectsSection(records: OriginRecords | undefined): string[] {
  if (!records) return [];
  const objects = records.objects;
  const owned = objects.filter((object) => object.owners.length > 0).length;
  const rows = objects.slice(0, MAX_OBJECT_ROWS).map((object) => {
    const source = object.source
      ? `${code(`${object.source.path}:${String(object.source.line)}`)}${object.source.origin === 'external' ? ' (external)' : ''}`
      : '_unknown_';
    const owners = object.owners.length > 0 ? object.owners.map(escape).join(', ') : '⚠️ _none_';
    return `| ${escape(nameOf(object))} | ${source} | ${owners} |`;
  });
  const more =
    objects.length > MAX_OBJECT_ROWS
      ? [`_… and ${String(objects.length - MAX_OBJECT_ROWS)} more in the origin records_`]
      : [];
  return [
    `### ${String(objects.length)} objects stamped (${String(owned)} with owners)`,
    '',
    '| object | source | owners |',
    '|---|---|---|',
    ...rows,
    ...more,
    '',
  ];
}

function imagesSection(records: OriginRecords | undefined): string[] {
  const images = new Map<string, string>();
  for (const object of records?.objects ?? [])
    for (const image of object.images) images.set(image.ref, image.digest ?? '');
  if (images.size === 0) return [];
  const rows = [...images]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ref, digest]) => `| ${code(ref)} | ${digest ? code(digest) : '⚠️ _not pinned_'} |`);
  return ['### Images', '', '| image | digest |', '|---|---|', ...rows, ''];
}

function sbomSection(outcome: Outcome): string[] {
  return outcome.sbom
    ? [
        `### SBOM`,
        '',
        `CycloneDX with ${String(outcome.sbom.components)} components: ${code(outcome.sbom.path)}`,
        '',
      ]
    : [];
}

function attestationsSection(outcome: Outcome): string[] {
  if (outcome.attestations.length === 0) return [];
  let url = 0;
  const rows = outcome.attestations.map((a) => {
    const link = a.uploaded
      ? `[${String(a.uploaded.id)}](${outcome.attestationUrls[url++] ?? ''})`
      : '—';
    const pushed = a.pushed.map((p) => code(p.image)).join(', ') || '—';
    return `| ${a.kind} | ${code(a.predicateType)} | ${link} | ${pushed} |`;
  });
  return [
    '### Attestations',
    '',
    '| kind | predicate | GitHub attestation | pushed to |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}

function warningsSection(warnings: readonly string[]): string[] {
  return warnings.length === 0
    ? []
    : [
        '<details><summary>Warnings</summary>',
        '',
        ...warnings.map((w) => `- ${escape(w)}`),
        '',
        '</details>',
        '',
      ];
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

// Values from manifests and the API go into table cells: keep them from breaking the Markdown.
function escape(text: string): string {
  return text.replace(/[|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

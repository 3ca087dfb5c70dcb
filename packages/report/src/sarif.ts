import {
  FINDING_CODES,
  sha256Hex,
  type Finding,
  type FindingCode,
  type VerifyReport,
  type WorkloadReport,
} from '@trailmark/core';
import { FINDING_DOCS } from './finding-docs.js';
import { locationText, workloadKey } from './format.js';
import { sortFindings, sortWorkloads } from './order.js';
import { sarifLocation } from './sarif-location.js';
import type { SarifLevel, SarifLog, SarifResult, SarifRule } from './sarif-types.js';

/** Where the finding codes are documented; each rule's `helpUri` is this plus `#<code>`. */
export const DEFAULT_DOCS_URL = 'https://trailmark.dev/docs/verify.md';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** `tool.driver.version`: the trailmark version that ran. */
  toolVersion: string;
  /** Base of each rule's `helpUri` (default {@link DEFAULT_DOCS_URL}). */
  docsUrl?: string;
}

const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * The report as SARIF 2.1.0 for GitHub code scanning: one run of the `trailmark` driver, one rule
 * per finding code, one result per finding at the template file:line (see `sarifLocation` for
 * findings without one), `error` for findings that fail the run. Live policy exceptions become
 * `suppressions`; `partialFingerprints` (code, workload, container, source) keep an alert the same
 * alert across runs even when its message (a digest, a pod name) changes.
 */
export function toSarif(report: VerifyReport, options: SarifOptions): SarifLog {
  const docsUrl = options.docsUrl ?? DEFAULT_DOCS_URL;
  const rules = FINDING_CODES.map((code) =>
    rule(code, docsUrl, report.policy.failOn.includes(code)),
  );
  const results = sortWorkloads(report.workloads).flatMap((workload) =>
    sortFindings(workload.findings).map((finding) => result(report, workload, finding)),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trailmark',
            version: options.toolVersion,
            informationUri: docsUrl,
            rules,
          },
        },
        results,
        properties: {
          verdict: report.verdict,
          generatedAt: report.generatedAt,
          failing: report.summary.failing,
        },
      },
    ],
  };
}

/** {@link toSarif} as 2-space JSON with a trailing newline. */
export function renderSarif(report: VerifyReport, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(report, options), null, 2)}\n`;
}

function rule(code: FindingCode, docsUrl: string, failsRun: boolean): SarifRule {
  const doc = FINDING_DOCS[code];
  return {
    id: code,
    name: code
      .toLowerCase()
      .replace(/_(\w)/g, (_, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: doc.title },
    fullDescription: { text: doc.description },
    helpUri: `${docsUrl}#${code.toLowerCase()}`,
    help: { text: doc.description },
    defaultConfiguration: { level: failsRun ? 'error' : 'warning' },
    properties: { tags: ['security', 'supply-chain', 'kubernetes'] },
  };
}

function result(report: VerifyReport, workload: WorkloadReport, finding: Finding): SarifResult {
  const { location, place } = sarifLocation(report, workload, finding);
  const exception = finding.exception;
  return {
    ruleId: finding.code,
    ruleIndex: FINDING_CODES.indexOf(finding.code),
    level: sarifLevel(finding),
    message: { text: `${workloadKey(workload)}: ${finding.message}` },
    locations: [location],
    partialFingerprints: { 'trailmarkFinding/v1': fingerprint(workload, finding) },
    ...(exception !== undefined && !exception.expired && !finding.fails
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${exception.reason} (owner ${exception.owner}, until ${exception.expires})`,
            },
          ],
        }
      : {}),
    properties: properties(workload, finding, place),
  };
}

/** `error` when the finding fails the run; otherwise `warning` for medium and worse, else `note`. */
export function sarifLevel(finding: Finding): SarifLevel {
  if (finding.fails) return 'error';
  return finding.severity === 'low' || finding.severity === 'info' ? 'note' : 'warning';
}

// Stable identity of a finding across runs: not the message, not the pod (pods come and go).
function fingerprint(workload: WorkloadReport, finding: Finding): string {
  const parts = [
    finding.code,
    workloadKey(workload),
    finding.container ?? '',
    locationText(finding.source) ?? '',
  ];
  return sha256Hex(parts.join('\u0000'));
}

function properties(
  workload: WorkloadReport,
  finding: Finding,
  place: string,
): Record<string, string | boolean> {
  const props: Record<string, string | boolean> = {
    severity: finding.severity,
    fails: finding.fails,
    workload: workloadKey(workload),
    attribution: workload.attribution,
    location: place,
  };
  for (const key of ['pod', 'container', 'image', 'digest', 'sourceUrl'] as const) {
    const value = finding[key];
    if (value !== undefined) props[key] = value;
  }
  if (workload.origin !== undefined && workload.origin.owners.length > 0)
    props.owners = workload.origin.owners.join(',');
  return props;
}

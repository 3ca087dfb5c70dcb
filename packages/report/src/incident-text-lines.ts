import type { Incident } from '@trailmark/core';
import { locationText } from './format.js';
import {
  applierText,
  introducerText,
  isVerified,
  operatorText,
  secretOriginText,
  secretText,
} from './incident-facts.js';
import { serviceAccountLines } from './incident-text-account.js';
import type { Style } from './incident-text-paint.js';
import { sortFindings } from './order.js';

/** One line of an incident block, before it is made inert and painted. */
export interface Line {
  /** The label column (absent on continuation lines). */
  label?: string;
  text: string;
  /** `true`: `✓ verified`; `false`: `claimed`; absent: no mark (not a claim, or observed live). */
  verified?: boolean;
  /** The alert's own free text: cut to the terminal width. */
  free?: boolean;
  style?: Style;
}

/** Width of the label column. */
export const LABEL_WIDTH = 12;

/** Source, chart, commit, owners, introducer, approvers, operator, deployer, appliers, build. */
export function originLines(incident: Incident): Line[] {
  const origin = incident.origin;
  if (origin === undefined)
    return incident.resolution.status === 'unresolved'
      ? []
      : [{ label: 'source', text: 'unknown: no origin record, no annotations', style: 'red' }];
  const fact = (label: string, text: string, name = label): Line => ({
    label,
    text,
    verified: isVerified(incident, name),
  });
  const lines: Line[] = [fact('source', locationText(origin.source) ?? 'unknown file')];
  if (origin.sourceUrl !== undefined) lines.push({ text: origin.sourceUrl });
  if (origin.chart !== undefined) lines.push(fact('chart', origin.chart));
  if (origin.commit !== undefined)
    lines.push(fact('commit', [origin.commit, origin.repository].filter(Boolean).join(' in ')));
  else if (origin.repository !== undefined)
    lines.push(fact('repository', origin.repository, 'commit'));
  lines.push(fact('owners', origin.owners.length === 0 ? 'none' : origin.owners.join(', ')));
  if (origin.introducer !== undefined)
    lines.push(fact('introducer', introducerText(origin.introducer)));
  lines.push(
    fact('approvers', origin.approvers.length === 0 ? 'none' : origin.approvers.join(', ')),
  );
  if (origin.operator !== undefined) lines.push(fact('operator', operatorText(origin.operator)));
  lines.push(...deployerLines(incident), ...applierLines(incident));
  if (origin.build !== undefined) lines.push(fact('build', origin.build));
  if (origin.environment !== undefined) lines.push(fact('environment', origin.environment));
  return lines;
}

function deployerLines(incident: Incident): Line[] {
  const deployer = incident.deployer;
  if (deployer === undefined) return [];
  const who =
    deployer.operator === undefined ? 'unknown operator' : operatorText(deployer.operator);
  const from = deployer.repository === undefined ? '' : ` from ${deployer.repository}`;
  const owners =
    deployer.owners.length === 0 ? 'no owners' : `owners ${deployer.owners.join(', ')}`;
  return [
    {
      label: 'deployer',
      text: `${who}${from}; ${owners}`,
      verified: isVerified(incident, 'deployer'),
    },
  ];
}

// Observed on the live object (managedFields, audit log): facts of the cluster, not claims.
function applierLines(incident: Incident): Line[] {
  return incident.appliers.map((applier, index) => ({
    label: index === 0 ? 'by hand' : undefined,
    text: `${applierText(applier)} [${applier.via}]`,
    style: 'yellow',
  }));
}

/** Images, secrets, the service account and its bindings, risks, findings, notify, fingerprint. */
export function pictureLines(incident: Incident): Line[] {
  const lines: Line[] = [];
  // A running image is observed, not claimed: either a verified bundle names it or none does.
  for (const image of incident.images) {
    const at = image.digest === undefined ? image.image : `${image.image} (${image.digest})`;
    const verified =
      image.attestations.length > 0 || isVerified(incident, `image:${image.container}`);
    const evidence = verified
      ? `attested by ${image.attestations.join(', ') || 'a verified bundle'}`
      : 'no verified bundle names it';
    const build = image.build === undefined ? '' : `; built by ${image.build}`;
    lines.push({
      label: 'image',
      text: `${image.container}: ${at}; ${evidence}${build}`,
      ...(verified ? { verified } : { style: 'red' as const }),
    });
  }
  for (const secret of incident.secrets) {
    const at = locationText(secret.at);
    lines.push({
      label: 'secret',
      text: `${secretText(secret)}${at === undefined ? ', reference line unknown' : ` at ${at}`}`,
    });
    if (secret.url !== undefined) lines.push({ text: secret.url });
    lines.push({
      text: `from: ${secretOriginText(secret.origin)}`,
      verified: secret.origin.verified,
    });
    if (secret.origin.url !== undefined) lines.push({ text: secret.origin.url });
  }
  lines.push(...serviceAccountLines(incident));
  for (const risk of incident.risks)
    lines.push({
      label: 'risk',
      text: `${risk.kind}${risk.container === undefined ? '' : ` [${risk.container}]`}: ${risk.detail}`,
    });
  for (const finding of sortFindings(incident.findings)) {
    const at = locationText(finding.source);
    const marker = finding.fails ? 'FAIL' : 'warn';
    lines.push({
      label: 'finding',
      text: `${marker} ${finding.severity} ${finding.code}: ${finding.message}${at === undefined ? '' : ` at ${at}`}`,
      style: finding.fails ? 'red' : 'yellow',
    });
  }
  lines.push({
    label: 'notify',
    text: incident.notify.length === 0 ? 'nobody: no owners known' : incident.notify.join(', '),
  });
  lines.push({ label: 'fingerprint', text: incident.fingerprint, style: 'dim' });
  return lines;
}

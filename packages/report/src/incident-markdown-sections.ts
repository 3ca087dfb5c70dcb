import type { Incident } from '@trailmark/core';
import { locationText, workloadKey } from './format.js';
import {
  applierText,
  bindingText,
  isVerified,
  secretOriginText,
  secretText,
} from './incident-facts.js';
import { factLink, mdName, mdProse, withoutScheme } from './incident-markdown-escape.js';
import { sortFindings } from './order.js';

/** A titled list of the issue body: one Markdown list item per entry, most urgent first. */
export interface IncidentSection {
  title: string;
  /** What one entry is, for the "shortened" note: `finding`, `workload`, … */
  noun: string;
  items: string[];
}

const mark = (verified: boolean): string => (verified ? '✅ verified' : '⚠️ claimed');

/**
 * The lists of an incident, in the order a responder needs them (and the order they are kept in
 * when the body must be shortened): appliers by hand, secrets, service account and bindings,
 * images, findings, risks, used-by workloads, the alert's fields, evidence. Empty lists are left
 * out.
 */
export function incidentSections(incident: Incident): IncidentSection[] {
  const sections: IncidentSection[] = [
    {
      title: 'Changed by hand since the attested deploy',
      noun: 'change',
      items: incident.appliers.map((a) => `- ${mdProse(applierText(a))} (${mdName(a.via)})`),
    },
    { title: 'Secrets', noun: 'secret', items: secretItems(incident) },
    { title: 'Service account', noun: 'service account line', items: accountItems(incident) },
    { title: 'Images', noun: 'image', items: imageItems(incident) },
    {
      title: 'Findings',
      noun: 'finding',
      items: sortFindings(incident.findings).map((f) => {
        const at = locationText(f.source);
        const where =
          at === undefined
            ? ''
            : ` at ${factLink(at, f.sourceUrl, isVerified(incident, 'source'))}`;
        return `- ${f.fails ? '**FAIL**' : 'warn'} ${mdName(f.code)} (${mdProse(f.severity)}): ${mdProse(f.message)}${where}`;
      }),
    },
    {
      title: 'Risks',
      noun: 'risk',
      items: incident.risks.map((r) => {
        const container = r.container === undefined ? '' : ` in ${mdName(r.container)}`;
        const at = locationText(r.at);
        return `- ${mdName(r.kind)}${container}: ${mdProse(r.detail)}${at === undefined ? '' : ` at ${mdName(at)}`}`;
      }),
    },
    {
      title: 'Used by',
      noun: 'workload',
      items: incident.usedBy.map((ref) => `- ${mdName(workloadKey(ref))}`),
    },
    {
      title: 'Alert fields',
      noun: 'field',
      items: Object.entries(incident.alert.fields ?? {}).map(
        ([k, v]) => `- ${mdName(k, 100)}: ${mdName(v)}`,
      ),
    },
    {
      title: 'Evidence',
      noun: 'bundle',
      items: incident.evidence.map((e) => {
        const state = e.verified
          ? '✅ verified'
          : `❌ rejected (${mdProse(e.rejection ?? e.reason ?? 'unknown')})`;
        const type = e.predicateType === undefined ? '' : `, ${mdName(e.predicateType)}`;
        const signer = e.identity ?? e.signer?.subjectAlternativeName;
        return `- ${mdName(e.id)} ${state}${type}${signer === undefined ? '' : `, signed by ${mdName(signer)}`}`;
      }),
    },
  ];
  return sections.filter((section) => section.items.length > 0);
}

function secretItems(incident: Incident): string[] {
  return incident.secrets.map((secret) => {
    const at = locationText(secret.at);
    const where =
      at === undefined
        ? 'reference line unknown'
        : `referenced at ${factLink(at, secret.url, isVerified(incident, 'source'))}`;
    const origin = secret.origin;
    const from = locationText(origin.at);
    const source = from === undefined ? '' : ` ${factLink(from, origin.url, origin.verified)}`;
    return `- ${mdProse(secretText(secret))}: ${where}; from: ${mdProse(secretOriginText(origin))}${source} ${mark(origin.verified)}`;
  });
}

function accountItems(incident: Incident): string[] {
  const account = incident.serviceAccount;
  if (account === undefined) return [];
  const at = locationText(account.at);
  const name =
    account.namespace === undefined ? account.name : `${account.namespace}/${account.name}`;
  const head = `- ${mdName(name)}${at === undefined ? '' : ` set at ${factLink(at, account.url, isVerified(incident, 'source'))}`}; token ${account.automountToken ? 'automounted' : 'not mounted'}`;
  const bindings = account.bindings.map((binding) => {
    const where = locationText(binding.at);
    const line = where === undefined ? '' : ` at ${factLink(where, binding.url, binding.verified)}`;
    const owners =
      binding.owners.length === 0
        ? ''
        : `; owners ${binding.owners.map((o) => mdName(o)).join(', ')}`;
    return `- ${binding.risky ? '🔥 ' : ''}${mdProse(bindingText(binding))}${line}${owners} ${mark(binding.verified)}`;
  });
  return [head, ...bindings];
}

// A running image is observed, not claimed: either a verified bundle names it or none does.
function imageItems(incident: Incident): string[] {
  return incident.images.map((image) => {
    const digest = image.digest === undefined ? '' : ` ${mdName(image.digest)}`;
    const verified =
      image.attestations.length > 0 || isVerified(incident, `image:${image.container}`);
    const evidence = verified
      ? `✅ attested by ${image.attestations.map((id) => mdName(id)).join(', ') || 'a verified bundle'}`
      : '❌ no verified bundle names it';
    const build =
      image.build === undefined
        ? ''
        : `; built by ${factLink(withoutScheme(image.build), image.build, verified)}`;
    return `- ${mdName(image.container)}: ${mdName(image.image)}${digest}: ${evidence}${build}`;
  });
}

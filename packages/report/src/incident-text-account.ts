import type { Incident } from '@trailmark/core';
import { locationText } from './format.js';
import { bindingText } from './incident-facts.js';
import type { Line } from './incident-text-lines.js';

/** The service account: where it is set, its token, and each binding with its own line. */
export function serviceAccountLines(incident: Incident): Line[] {
  const account = incident.serviceAccount;
  if (account === undefined) return [];
  const at = locationText(account.at);
  const name =
    account.namespace === undefined ? account.name : `${account.namespace}/${account.name}`;
  const token = account.automountToken ? 'token automounted' : 'token not mounted';
  const lines: Line[] = [
    { label: 'account', text: `${name}${at === undefined ? '' : ` set at ${at}`}; ${token}` },
  ];
  if (account.url !== undefined) lines.push({ text: account.url });
  for (const binding of account.bindings) {
    const where = locationText(binding.at);
    const owners = binding.owners.length === 0 ? '' : `; owners ${binding.owners.join(', ')}`;
    lines.push({
      label: binding.risky ? 'binding !' : 'binding',
      text: `${bindingText(binding)}${where === undefined ? '' : ` at ${where}`}${owners}`,
      verified: binding.verified,
      style: binding.risky ? 'red' : undefined,
    });
    if (binding.url !== undefined) lines.push({ text: binding.url });
  }
  if (account.bindings.length === 0) lines.push({ label: 'binding', text: 'none found' });
  return lines;
}

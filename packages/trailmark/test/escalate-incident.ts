import { INCIDENT_SCHEMA, sha256Hex, toCanonicalJson, type Incident } from '@trailmark/core';

// An incident as trace builds one for Falco's "Terminal shell in container" on Deployment shop/api
// (rendered from acme/shop), with its Markdown and JSON renderings, for the escalation tests.

/** The fingerprint trace computes for the default incident (rule + workload + commit). */
export const FINGERPRINT = `sha256:${sha256Hex(
  toCanonicalJson({
    rule: 'Terminal shell in container',
    workload: 'Deployment/shop/api',
    commit: '9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6',
  }),
)}`;

/** The incident; `overrides` replace top-level fields. */
export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    schema: INCIDENT_SCHEMA,
    generatedAt: '2026-11-29T10:00:00Z',
    fingerprint: FINGERPRINT,
    alert: {
      format: 'falco',
      source: 'syscall',
      rule: 'Terminal shell in container',
      priority: 'Notice',
      severity: 'medium',
      time: '2026-11-29T09:59:58.123Z',
      namespace: 'shop',
      pod: 'api-7d9f8b6c5-x2x9k',
      container: 'api',
      message: 'A shell was spawned in a container with an attached terminal',
      at: { path: 'falco.json', line: 1 },
    },
    resolution: { status: 'resolved', via: 'owner-references' },
    workload: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
    pod: 'api-7d9f8b6c5-x2x9k',
    usedBy: [],
    attribution: 'verified',
    origin: {
      verified: true,
      source: { path: 'charts/shop/templates/deployment.yaml', line: 7 },
      repository: 'https://github.com/acme/shop',
      commit: '9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6',
      owners: ['@acme/payments', '@alice'],
      approvers: ['bob'],
    },
    appliers: [],
    facts: [{ name: 'source', verified: true }],
    images: [],
    secrets: [],
    risks: [],
    findings: [],
    evidence: [],
    notify: ['@acme/payments', '@alice', 'security@acme.example'],
    ...overrides,
  };
}

/** A Markdown rendering (the shape of report's: heading, source link, owners). */
export function markdownOf(subject: Incident): string {
  return [
    `## ${subject.alert.rule} on Deployment shop/api`,
    '',
    `- Source: [charts/shop/templates/deployment.yaml#L7](https://github.com/acme/shop/blob/9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6/charts/shop/templates/deployment.yaml#L7) (verified)`,
    `- Owners: ${subject.notify.join(', ')}`,
    `- Alert: ${subject.alert.message ?? ''}`,
    '',
  ].join('\n');
}

/** The JSON rendering (the webhook payload). */
export function jsonOf(subject: Incident): string {
  return `${JSON.stringify(subject, null, 2)}\n`;
}

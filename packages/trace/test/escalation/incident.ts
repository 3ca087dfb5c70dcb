import { INCIDENT_SCHEMA, sha256Hex, type Incident } from '@trailmark/core';

/** The fingerprint of the default incident: sha256 of a fixed key (as trace computes one). */
export const FINGERPRINT = `sha256:${sha256Hex('{"commit":"9f1c","rule":"Terminal shell in container","workload":"Deployment/shop/api"}')}`;

/**
 * An incident as trace builds one for a Falco "Terminal shell in container" alert on
 * Deployment shop/api, rendered from acme/shop; `overrides` replace top-level fields.
 */
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
    notify: ['@acme/payments', '@alice', 'security@acme.example', '@alice'],
    ...overrides,
  };
}

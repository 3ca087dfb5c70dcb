import type {
  Applier,
  BindingTrace,
  Incident,
  Introducer,
  Operator,
  SecretOrigin,
  SecretTrace,
} from '@trailmark/core';
import { locationText, workloadKey } from './format.js';

// What the incident renderers say, as plain strings: each renderer makes them inert (terminal) or
// escapes them (Markdown). Every value here came from an alert, the cluster or annotations, all of
// which an attacker may have written; nothing here is trusted or formatted for a medium.

/** The one-word answer of an incident: how far its origin is proven, or that it did not resolve. */
export type IncidentVerdict = 'verified' | 'claimed' | 'unattributed' | 'unresolved';

/** {@link IncidentVerdict} of an incident. */
export function incidentVerdict(incident: Incident): IncidentVerdict {
  if (incident.resolution.status === 'unresolved') return 'unresolved';
  if (incident.attribution === 'verified') return 'verified';
  return incident.attribution === 'claimed' ? 'claimed' : 'unattributed';
}

/**
 * What the incident is about, as `kind/namespace/name`: the workload, else the object, else the
 * alert's pod (`Pod/namespace/name`), else the namespace or nothing the alert named.
 */
export function subjectKey(incident: Incident): string {
  if (incident.workload !== undefined) return workloadKey(incident.workload);
  if (incident.object !== undefined) return workloadKey(incident.object);
  const { namespace, pod } = incident.alert;
  if (pod !== undefined) return workloadKey({ kind: 'Pod', namespace, name: pod });
  return namespace === undefined ? 'no workload named' : `namespace ${namespace}`;
}

/**
 * Whether a verified bundle backs the named fact (`source`, `owners`, `image:<container>`, …): the
 * incident's own fact when it lists one, else the origin record's state (a verified record backs
 * everything it holds).
 */
export function isVerified(incident: Incident, name: string): boolean {
  const fact = incident.facts.find((candidate) => candidate.name === name);
  return fact?.verified ?? incident.origin?.verified ?? false;
}

const RESOLVED_VIA: Readonly<Record<string, string>> = {
  'owner-references': "the pod's ownerReferences",
  'origin-label': "the alert's trailmark.dev/origin label (the pod is gone)",
  'pod-template-hash': "the alert's pod-template-hash (the pod is gone)",
  object: 'the object the alert names',
};

/** How the alert was tied to its workload or object, in words. */
export function resolutionText(incident: Incident): string {
  const via = incident.resolution.via;
  const how = via === undefined ? 'an unnamed way' : (RESOLVED_VIA[via] ?? via);
  return incident.pod === undefined ? `through ${how}` : `pod ${incident.pod}, through ${how}`;
}

/** `Alice Doe <alice@example.com>, commit 1111111111111, 2026-10-02T09:14:00Z (git blame)` */
export function introducerText(introducer: Introducer): string {
  const who = [
    introducer.name,
    introducer.email === undefined ? undefined : `<${introducer.email}>`,
  ];
  const parts = [who.filter(Boolean).join(' ') || 'unknown author'];
  if (introducer.commit !== undefined) parts.push(`commit ${introducer.commit.slice(0, 12)}`);
  if (introducer.date !== undefined) parts.push(introducer.date);
  return `${parts.join(', ')} (${INTRODUCER_VIA[introducer.via] ?? introducer.via})`;
}

// A string-keyed table: a hand-edited JSON incident may carry any `via`, shown as it is.
const INTRODUCER_VIA: Readonly<Record<string, string>> = {
  blame: 'git blame',
  'last-commit': 'last commit of the file',
  uncommitted: 'uncommitted',
};

/** `release-bot via acme/shop/.github/workflows/release.yml@refs/heads/main` */
export function operatorText(operator: Operator): string {
  return operator.workflowRef === undefined
    ? operator.id
    : `${operator.id} via ${operator.workflowRef}`;
}

/** `kubectl-edit (user jane), Update at <time>: field, field` */
export function applierText(applier: Applier): string {
  const who =
    applier.user === undefined ? applier.manager : `${applier.manager} (user ${applier.user})`;
  const when = [applier.operation, applier.time === undefined ? undefined : `at ${applier.time}`];
  const head = [who, when.filter(Boolean).join(' ')].filter((part) => part !== '').join(', ');
  return applier.fields.length === 0 ? head : `${head}: ${applier.fields.join(', ')}`;
}

/** `shop-db (volume, container api)` */
export function secretText(secret: SecretTrace): string {
  const container = secret.container === undefined ? '' : `, container ${secret.container}`;
  return `${secret.name} (${secret.via}${container})`;
}

/** Where a Secret comes from, in one phrase: `created by hand by jane at <time>`, … */
export function secretOriginText(origin: SecretOrigin): string {
  const at = locationText(origin.at);
  switch (origin.kind) {
    case 'template':
      return `template ${at ?? 'in the repository'}`;
    case 'external-secret':
    case 'sealed-secret': {
      const owner = origin.owner === undefined ? origin.kind : workloadKey(origin.owner);
      return `${origin.kind === 'sealed-secret' ? 'sealed by' : 'synced by'} ${owner}${at === undefined ? '' : ` (${at})`}`;
    }
    case 'manual': {
      const by = origin.createdBy === undefined ? 'by hand' : `by hand by ${origin.createdBy}`;
      return `created ${by}${origin.time === undefined ? '' : ` at ${origin.time}`}`;
    }
    case 'unknown':
    default: // not one of the five (a hand-edited JSON incident): nothing known either
      return 'unknown (not in the cluster view, or nothing says)';
  }
}

/** `ClusterRoleBinding/shop-api-admin → ClusterRole/cluster-admin: cluster-admin` */
export function bindingText(binding: BindingTrace): string {
  return `${workloadKey(binding)} → ${workloadKey(binding.role)}: ${binding.grants}`;
}

/** The first `max` code points of `value`, the last one `…` when cut. */
export function clip(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

import { ANNOTATION, annotationsDigest } from '@trailmark/core';
import type { KubeObject, ManagedFieldsEntry, SecretOrigin } from '@trailmark/core';
import { stringMap } from './kube-read.js';
import { permalink, type LinkOptions } from './permalink.js';
import { parseSource } from './record-origin.js';
import type { TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

/**
 * Field managers that are not a person: release tools (their Secrets come from a template) and
 * Kubernetes' controllers (token Secrets). A Secret any other manager created was made by hand.
 */
export const NOT_A_PERSON: ReadonlySet<string> = new Set([
  'helm',
  'argocd',
  'argocd-controller',
  'argocd-application-controller',
  'kustomize-controller',
  'helm-controller',
  'kube-controller-manager',
  'kube-apiserver',
  'external-secrets',
  'sealed-secrets-controller',
]);

/** Controllers that make Secrets from another object, by that object's kind. */
const GENERATORS: Readonly<Record<string, SecretOrigin['kind']>> = {
  ExternalSecret: 'external-secret',
  SealedSecret: 'sealed-secret',
};

/**
 * Where a Secret comes from, first answer wins: its verified record (a template at file:line;
 * verified while the live Secret's `trailmark.dev/*` annotations still hash to the record's);
 * its `trailmark.dev/source` annotation (claimed); an ExternalSecret or SealedSecret owning it;
 * the field manager that created it when that is a person's tool (`kubectl-create`,
 * `kubectl-client-side-apply`, …: manual, with who and when); else unknown.
 */
export function secretOrigin(
  namespace: string,
  name: string,
  view: ClusterView,
  evidence: TraceEvidence,
  links?: LinkOptions,
  used?: Set<string>,
): SecretOrigin {
  const live = view.secret(namespace, name);
  const match = evidence.recordsFor({ apiVersion: 'v1', kind: 'Secret', namespace, name })[0];
  if (match?.record.source !== undefined) {
    const at = { path: match.record.source.path, line: match.record.source.line };
    const repository = match.predicate.repository;
    const url = permalink(repository?.uri, repository?.commit, at, links);
    used?.add(match.evidence.id);
    const intact =
      live !== undefined &&
      annotationsDigest(stringMap(live.metadata.annotations)) === match.record.annotationsDigest;
    return { kind: 'template', at, ...(url === undefined ? {} : { url }), verified: intact };
  }
  if (live === undefined) return { kind: 'unknown', verified: false };
  return (
    annotated(live) ??
    generated(live) ??
    createdByHand(live) ?? { kind: 'unknown', verified: false }
  );
}

// The source annotation claims a template (unverified: anyone who can edit the Secret wrote it).
function annotated(secret: KubeObject): SecretOrigin | undefined {
  const annotations = stringMap(secret.metadata.annotations);
  const at = parseSource(annotations[ANNOTATION.source]);
  if (at === undefined) return undefined;
  const url = annotations[ANNOTATION.sourceUrl];
  return { kind: 'template', at, ...(url === undefined ? {} : { url }), verified: false };
}

function generated(secret: KubeObject): SecretOrigin | undefined {
  const references = Array.isArray(secret.metadata.ownerReferences)
    ? secret.metadata.ownerReferences
    : [];
  for (const reference of references) {
    const kind = GENERATORS[reference.kind];
    if (kind === undefined) continue;
    const { namespace } = secret.metadata;
    return {
      kind,
      owner: {
        apiVersion: reference.apiVersion,
        kind: reference.kind,
        ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
        name: reference.name,
      },
      verified: false,
    };
  }
  return undefined;
}

// The managedFields entry of the Secret's creation (its time is the creation time, else the
// earliest entry): a person's tool means the Secret was made by hand.
function createdByHand(secret: KubeObject): SecretOrigin | undefined {
  const entries = (
    Array.isArray(secret.metadata.managedFields) ? secret.metadata.managedFields : []
  ).filter(
    (entry): entry is ManagedFieldsEntry & { manager: string } =>
      typeof entry.manager === 'string' && entry.subresource === undefined,
  );
  const created = secret.metadata.creationTimestamp;
  const creator =
    entries.find((entry) => created !== undefined && entry.time === created) ??
    [...entries].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))[0];
  if (creator === undefined || NOT_A_PERSON.has(creator.manager)) return undefined;
  return {
    kind: 'manual',
    createdBy: creator.manager,
    ...(creator.time === undefined ? {} : { time: creator.time }),
    verified: false,
  };
}

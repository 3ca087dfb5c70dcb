import { PREDICATE_TYPE } from '@trailmark/core';
import type { AttestationEvidence, DeploymentOrigin, OriginObject } from '@trailmark/core';
import { normalizeDigest } from './image-id.js';
import { asRecord } from './kube-read.js';

/** One object's record in a verified deployment-origin predicate. */
export interface OriginMatch {
  record: OriginObject;
  predicate: DeploymentOrigin;
  evidence: AttestationEvidence;
}

const NONE: readonly OriginMatch[] = Object.freeze([]);

/** Evidence indexed once per run: by subject digest, and origin records by object identity. */
export class EvidenceIndex {
  readonly #byDigest = new Map<string, AttestationEvidence[]>();
  readonly #records = new Map<string, OriginMatch[]>();
  readonly #byLabel = new Map<string, OriginMatch[]>();

  constructor(
    evidence: readonly AttestationEvidence[],
    private readonly aliases: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const item of evidence) {
      for (const subject of item.subjects) {
        const digest = normalizeDigest(subject.digest);
        if (digest !== undefined) push(this.#byDigest, digest, item);
      }
      if (item.verified && item.predicateType === PREDICATE_TYPE.deploymentOrigin)
        this.#addRecords(item);
    }
  }

  /**
   * Evidence naming a running digest as a subject, directly or through its alias (a platform
   * digest and the index digest it belongs to, either way round). `matched` is the digest that
   * matched when it is the alias.
   */
  forDigest(digest: string): { evidence: AttestationEvidence[]; matched?: string } {
    const direct = this.#byDigest.get(digest) ?? [];
    if (direct.some((item) => item.verified)) return { evidence: direct };
    const alias = this.aliases.get(digest);
    const normalized = alias === undefined ? undefined : normalizeDigest(alias);
    const viaAlias = normalized === undefined ? [] : (this.#byDigest.get(normalized) ?? []);
    if (viaAlias.some((item) => item.verified) && normalized !== undefined)
      return { evidence: viaAlias, matched: normalized };
    return { evidence: [...direct, ...viaAlias] };
  }

  /**
   * Records naming an object by group, kind, namespace and name (a record without a namespace
   * matches any). The list is the index's own when only one key matches: never mutate it.
   */
  recordsFor(ref: {
    apiVersion?: string;
    kind: string;
    namespace?: string;
    name: string;
  }): readonly OriginMatch[] {
    const group = groupOf(ref.apiVersion ?? '');
    const exact = this.#records.get(identity(group, ref.kind, ref.namespace, ref.name)) ?? NONE;
    const unscoped =
      ref.namespace === undefined
        ? NONE
        : (this.#records.get(identity(group, ref.kind, undefined, ref.name)) ?? NONE);
    if (unscoped.length === 0) return exact;
    return exact.length === 0 ? unscoped : [...exact, ...unscoped];
  }

  /** Records whose `origin` (the `trailmark.dev/origin` label value) is `label`. */
  recordsWithLabel(label: string): OriginMatch[] {
    return this.#byLabel.get(label) ?? [];
  }

  #addRecords(evidence: AttestationEvidence): void {
    const predicate = asRecord(evidence.predicate);
    if (predicate === undefined || !Array.isArray(predicate.objects)) return;
    const origin = predicate as unknown as DeploymentOrigin;
    for (const value of predicate.objects as unknown[]) {
      const record = asRecord(value) as OriginObject | undefined;
      if (
        record === undefined ||
        typeof record.kind !== 'string' ||
        typeof record.name !== 'string'
      )
        continue;
      const match: OriginMatch = { record, predicate: origin, evidence };
      const group = groupOf(typeof record.apiVersion === 'string' ? record.apiVersion : '');
      push(this.#records, identity(group, record.kind, record.namespace, record.name), match);
      if (typeof record.origin === 'string') push(this.#byLabel, record.origin, match);
    }
  }
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → core ``). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function identity(
  group: string,
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${group}\n${kind}\n${namespace ?? ''}\n${name}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

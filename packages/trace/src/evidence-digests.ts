import { PREDICATE_TYPE } from '@trailmark/core';
import type { AttestationEvidence } from '@trailmark/core';
import { asRecord, stringAt } from './kube-read.js';

/** Verified evidence by subject digest, built once per evidence list (many incidents share it). */
const INDEXES = new WeakMap<readonly AttestationEvidence[], Map<string, AttestationEvidence[]>>();

/** Verified bundles naming `sha256:<hex>` as a subject. */
export function verifiedForDigest(
  evidence: readonly AttestationEvidence[],
  digest: string,
): readonly AttestationEvidence[] {
  let index = INDEXES.get(evidence);
  if (index === undefined) {
    index = new Map();
    for (const item of evidence) {
      if (!item.verified) continue;
      for (const subject of item.subjects) {
        const key = digestOf(subject.digest);
        if (key === undefined) continue;
        const list = index.get(key) ?? [];
        if (!list.includes(item)) list.push(item);
        index.set(key, list);
      }
    }
    INDEXES.set(evidence, index);
  }
  return index.get(digest) ?? [];
}

/** `sha256:<hex>` inside an image id, image reference or digest (`docker-pullable://r@sha256:…`). */
export function digestOf(text: string | undefined): string | undefined {
  const match = /sha256:([0-9a-f]{64})/i.exec(text ?? '');
  return match?.[1] === undefined ? undefined : `sha256:${match[1].toLowerCase()}`;
}

/**
 * The build a verified SLSA provenance names for a digest: `runDetails.metadata.invocationId`
 * (GitHub's run URL), else the builder id.
 */
export function buildOf(
  evidence: readonly AttestationEvidence[],
  digest: string,
): { build: string; attestation: string } | undefined {
  for (const item of verifiedForDigest(evidence, digest)) {
    if (item.predicateType !== PREDICATE_TYPE.slsaProvenance) continue;
    const run = asRecord(asRecord(item.predicate)?.runDetails);
    const build = stringAt(run, ['metadata', 'invocationId']) ?? stringAt(run, ['builder', 'id']);
    if (build !== undefined && build !== '') return { build, attestation: item.id };
  }
  return undefined;
}

import type { AttestationEvidence } from '@trailmark/core';

/**
 * Evidence by subject digest (`sha256:<hex>`, lower case), each list sorted by bundle id. Rejected
 * evidence is indexed too, under the subjects it CLAIMS, so a check can report "a bundle for this
 * image does not verify": always look at `verified` before trusting an entry.
 */
export function indexEvidence(
  evidence: readonly AttestationEvidence[],
): Map<string, AttestationEvidence[]> {
  const index = new Map<string, AttestationEvidence[]>();
  for (const item of evidence) {
    const digests = new Set(item.subjects.map((subject) => subject.digest.toLowerCase()));
    for (const digest of digests) {
      const list = index.get(digest) ?? [];
      list.push(item);
      index.set(digest, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return index;
}

/**
 * The evidence whose statement names `digest` (`sha256:<hex>`), optionally only of one predicate
 * type and only verified. A linear scan: for many lookups build {@link indexEvidence} once.
 */
export function evidenceForDigest(
  evidence: readonly AttestationEvidence[],
  digest: string,
  options: { predicateType?: string; verifiedOnly?: boolean } = {},
): AttestationEvidence[] {
  const wanted = digest.toLowerCase();
  return evidence.filter(
    (item) =>
      item.subjects.some((subject) => subject.digest.toLowerCase() === wanted) &&
      (options.predicateType === undefined || item.predicateType === options.predicateType) &&
      (options.verifiedOnly !== true || item.verified),
  );
}

import type { IncidentFact, IncidentImage, WorkloadOrigin } from '@trailmark/core';

/**
 * Each fact the incident states and whether a verified bundle backs it: the origin's facts are
 * verified when they come from a verified deployment-origin record (annotations are claims
 * anyone with `kubectl edit` can write); an image is verified when a verified bundle names the
 * digest it runs. Facts the origin does not know are left out.
 */
export function incidentFacts(
  origin: WorkloadOrigin | undefined,
  images: readonly IncidentImage[],
): IncidentFact[] {
  const facts: IncidentFact[] = [];
  if (origin !== undefined) {
    const known: [string, boolean][] = [
      ['source', origin.source !== undefined],
      ['chart', origin.chart !== undefined],
      ['commit', origin.commit !== undefined],
      ['owners', origin.owners.length > 0],
      ['introducer', origin.introducer !== undefined],
      ['operator', origin.operator !== undefined],
      ['approvers', origin.approvers.length > 0],
      ['build', origin.build !== undefined],
    ];
    for (const [name, present] of known) {
      if (!present) continue;
      facts.push({
        name,
        verified: origin.verified,
        ...(origin.verified && origin.attestation !== undefined
          ? { attestation: origin.attestation }
          : {}),
      });
    }
  }
  for (const image of images) {
    const attestation = image.attestations[0];
    facts.push({
      name: `image:${image.container}`,
      verified: attestation !== undefined,
      ...(attestation === undefined ? {} : { attestation }),
    });
  }
  return facts;
}

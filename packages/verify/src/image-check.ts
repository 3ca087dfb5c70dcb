import type { AttestationEvidence, ContainerReport, Finding, ImageUse } from '@trailmark/core';
import type { EvidenceIndex, OriginMatch } from './evidence-index.js';
import { finding, shortDigest } from './finding.js';
import { displayKey, type InventoryContainer, type InventoryWorkload } from './inventory.js';

/** What the image checks conclude for one workload. */
export interface ImageCheck {
  containers: ContainerReport[];
  findings: Finding[];
  /** True when every container's digest is the subject of verified evidence (and no drift). */
  allAttested: boolean;
}

/**
 * Per container: the running digest must be the subject of verified evidence (with every
 * required predicate type); a rejected bundle naming it is SIGNATURE_INVALID or UNTRUSTED_SIGNER
 * by its rejection; and it must be the digest the current record names for that container
 * (DRIFT_IMAGE otherwise, also for a container the record does not name). Findings are grouped by
 * container name and digest, so a 5,000-pod workload gives one finding per image, not per pod.
 */
export function checkImages(
  workload: InventoryWorkload,
  index: EvidenceIndex,
  current: OriginMatch | undefined,
  requiredPredicates: readonly string[],
): ImageCheck {
  const name = displayKey(workload.ref);
  const groups = new Map<string, { container: InventoryContainer; pods: string[] }>();
  const containers: ContainerReport[] = [];
  let allAttested = true;
  const verdicts = new Map<string, Verdict>();
  for (const container of workload.containers) {
    const key = `${container.type}/${container.name}@${container.digest ?? ''}`;
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = judge(container, index, requiredPredicates);
      verdicts.set(key, verdict);
    }
    if (!verdict.attested) allAttested = false;
    containers.push(report(container, verdict));
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { container, pods: [container.pod] });
    else group.pods.push(container.pod);
  }
  const findings: Finding[] = [];
  for (const { container, pods } of groups.values()) {
    const verdict = verdicts.get(`${container.type}/${container.name}@${container.digest ?? ''}`);
    const at = podsLabel(pods);
    const recordImage = recordImages(current).find((image) => image.container === container.name);
    const source = locationOf(recordImage, current);
    if (verdict?.finding !== undefined)
      findings.push(withSource(verdict.finding(name, container, at), container, source));
    const drift =
      current === undefined ? undefined : imageDrift(name, container, at, recordImage, index);
    if (drift !== undefined) {
      allAttested = false;
      findings.push(withSource(drift, container, source));
    }
  }
  return { containers, findings, allAttested };
}

interface Verdict {
  attested: boolean;
  attestations: string[];
  matched?: string;
  finding?: (name: string, container: InventoryContainer, at: string) => Finding;
}

function judge(
  container: InventoryContainer,
  index: EvidenceIndex,
  requiredPredicates: readonly string[],
): Verdict {
  const digest = container.digest;
  if (digest === undefined) {
    return {
      attested: false,
      attestations: [],
      finding: (name, c, at) =>
        finding(
          'UNATTESTED_IMAGE',
          `${name}: ${describe(c)} in ${at}: running digest unknown (not started, image ${c.image} is not pinned by digest)`,
        ),
    };
  }
  const { evidence, matched } = index.forDigest(digest);
  const verified = evidence.filter((item) => item.verified);
  const ids = verified.map((item) => item.id);
  const base = { attestations: ids, ...(matched === undefined ? {} : { matched }) };
  if (verified.length === 0)
    return { ...base, attested: false, finding: rejectedOrUnattested(evidence) };
  const missing = requiredPredicates.filter(
    (type) => !verified.some((item) => item.predicateType === type),
  );
  if (missing.length === 0) return { ...base, attested: true };
  return {
    ...base,
    attested: false,
    finding: (name, c, at) =>
      finding(
        'UNATTESTED_IMAGE',
        `${name}: ${describe(c)} in ${at}: no verified ${missing.join(', ')} attestation for ${shortDigest(digest)}`,
        {
          details: { missingPredicates: missing },
        },
      ),
  };
}

// A rejected bundle naming the digest says why; otherwise nothing names it at all.
function rejectedOrUnattested(evidence: readonly AttestationEvidence[]): Verdict['finding'] {
  const rejected =
    evidence.find(
      (item) =>
        item.rejection === 'SIGNATURE_INVALID' ||
        item.rejection === 'TRUST_ROOT_INVALID' ||
        item.rejection === 'MALFORMED',
    ) ?? evidence.find((item) => !item.verified);
  return (name, c, at) => {
    const digest = shortDigest(c.digest ?? '');
    if (rejected === undefined)
      return finding(
        'UNATTESTED_IMAGE',
        `${name}: ${describe(c)} in ${at} runs ${digest}, the subject of no verified attestation`,
      );
    const code =
      rejected.rejection === 'UNTRUSTED_SIGNER' || rejected.rejection === 'PREDICATE_INVALID'
        ? 'UNTRUSTED_SIGNER'
        : 'SIGNATURE_INVALID';
    const where = rejected.sources[0]?.location ?? rejected.id;
    return finding(
      code,
      `${name}: ${describe(c)} in ${at} runs ${digest}; its attestation ${where} was rejected: ${rejected.reason ?? rejected.rejection ?? 'not verified'}`,
      {
        details: {
          attestation: rejected.id,
          ...(rejected.rejection === undefined ? {} : { rejection: rejected.rejection }),
        },
      },
    );
  };
}

// The record names another digest for this container, or does not name the container at all.
function imageDrift(
  name: string,
  container: InventoryContainer,
  at: string,
  recordImage: ImageUse | undefined,
  index: EvidenceIndex,
): Finding | undefined {
  if (recordImage === undefined) {
    return finding(
      'DRIFT_IMAGE',
      `${name}: ${describe(container)} in ${at} (${container.image}) is not in the signed record`,
      {
        details: { actual: container.digest ?? container.image },
      },
    );
  }
  const expected = recordImage.digest;
  const actual = container.digest;
  if (expected === undefined || actual === undefined || actual === expected) return undefined;
  if (index.forDigest(actual).matched === expected) return undefined;
  return finding(
    'DRIFT_IMAGE',
    `${name}: ${describe(container)} in ${at} runs ${shortDigest(actual)}, the signed record names ${shortDigest(expected)} (${recordImage.ref})`,
    {
      details: { expected, actual },
    },
  );
}

function report(container: InventoryContainer, verdict: Verdict): ContainerReport {
  return {
    pod: container.pod,
    name: container.name,
    type: container.type,
    image: container.image,
    ...(container.digest === undefined ? {} : { digest: container.digest }),
    ...(verdict.matched === undefined ? {} : { matchedDigest: verdict.matched }),
    attestations: verdict.attestations,
  };
}

function withSource(
  found: Finding,
  container: InventoryContainer,
  source: { path: string; line: number } | undefined,
): Finding {
  return {
    ...found,
    pod: container.pod,
    container: container.name,
    image: container.image,
    ...(container.digest === undefined ? {} : { digest: container.digest }),
    ...(source === undefined ? {} : { source }),
  };
}

function locationOf(
  image: ImageUse | undefined,
  current: OriginMatch | undefined,
): { path: string; line: number } | undefined {
  const at = image?.set ?? current?.record.source;
  return at === undefined ? undefined : { path: at.path, line: at.line };
}

function describe(container: InventoryContainer): string {
  const kind = container.type === 'container' ? 'container' : `${container.type} container`;
  return `${kind} ${container.name}`;
}

function podsLabel(pods: readonly string[]): string {
  return pods.length === 1 ? `pod ${pods[0] ?? ''}` : `${pods.length} pods (e.g. ${pods[0] ?? ''})`;
}

function recordImages(current: OriginMatch | undefined): ImageUse[] {
  const images = current?.record.images;
  return Array.isArray(images) ? images : [];
}

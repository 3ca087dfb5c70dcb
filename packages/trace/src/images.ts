import type {
  AttestationEvidence,
  IncidentImage,
  KubeObject,
  WorkloadReport,
} from '@trailmark/core';
import { buildOf, digestOf, verifiedForDigest } from './evidence-digests.js';
import { asRecord, records, stringAt } from './kube-read.js';

const LISTS: readonly [string, string][] = [
  ['initContainers', 'initContainerStatuses'],
  ['containers', 'containerStatuses'],
  ['ephemeralContainers', 'ephemeralContainerStatuses'],
];

/**
 * The containers of the incident and their evidence: verify's containers of the workload (those
 * of the alert's pod when it names one, else of its first pod), or, without a report, the live
 * pod's containers with their running digests. `build` is the run a verified SLSA provenance of
 * the digest names.
 */
export function incidentImages(
  report: WorkloadReport | undefined,
  pod: KubeObject | undefined,
  podName: string | undefined,
  evidence: readonly AttestationEvidence[],
): IncidentImage[] {
  const containers =
    report !== undefined && report.containers.length > 0
      ? ofPod(report.containers, podName)
      : pod === undefined
        ? []
        : podContainers(pod, evidence);
  const seen = new Set<string>();
  const images: IncidentImage[] = [];
  for (const container of containers) {
    if (seen.has(container.name)) continue;
    seen.add(container.name);
    const build = container.digest === undefined ? undefined : buildOf(evidence, container.digest);
    images.push({
      container: container.name,
      image: container.image,
      ...(container.digest === undefined ? {} : { digest: container.digest }),
      attestations: [...container.attestations],
      ...(build === undefined ? {} : { build: build.build }),
    });
  }
  return images;
}

interface Container {
  pod: string;
  name: string;
  image: string;
  digest?: string;
  attestations: string[];
}

function ofPod(containers: readonly Container[], podName: string | undefined): Container[] {
  const mine = containers.filter((container) => container.pod === podName);
  if (mine.length > 0) return mine;
  const first = containers[0]?.pod;
  return containers.filter((container) => container.pod === first);
}

// A live pod's containers, each with the digest it runs and the verified bundles naming it.
function podContainers(pod: KubeObject, evidence: readonly AttestationEvidence[]): Container[] {
  const spec = asRecord(pod.spec) ?? {};
  const status = asRecord(pod.status) ?? {};
  return LISTS.flatMap(([list, statusList]) => {
    const ids = new Map<string, string>();
    for (const entry of records(status[statusList])) {
      const name = stringAt(entry, ['name']);
      const id = stringAt(entry, ['imageID']);
      if (name !== undefined && id !== undefined) ids.set(name, id);
    }
    return records(spec[list]).map((container) => {
      const name = stringAt(container, ['name']) ?? '';
      const image = stringAt(container, ['image']) ?? '';
      const digest = digestOf(ids.get(name)) ?? digestOf(image);
      const attestations =
        digest === undefined ? [] : verifiedForDigest(evidence, digest).map((item) => item.id);
      return {
        pod: pod.metadata.name,
        name,
        image,
        ...(digest === undefined ? {} : { digest }),
        attestations,
      };
    });
  });
}

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PREDICATE_TYPE, objectKey } from '@trailmark/core';
import type {
  AttestationEvidence,
  DeploymentOrigin,
  ObjectRef,
  WorkloadReport,
} from '@trailmark/core';
import type { OriginMatch, TraceEvidence } from '../../src/index.js';

// The evidence side as the facade passes it from verify: the release's bundle read as verified
// evidence (verify's tests verify it with the release key), its records by object and label, and
// verify's workload reports given per test.

const DIR = join(import.meta.dirname, '..', 'fixtures', 'cluster');

/** The release's deployment-origin bundle as verified evidence, its id the sha256 of its bytes. */
export function releaseEvidence(signedAt?: string): AttestationEvidence {
  const bytes = readFileSync(join(DIR, 'release-1.deployment-origin.sigstore.json'));
  const bundle = JSON.parse(bytes.toString('utf8')) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(
    Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'),
  ) as {
    subject: { name: string; digest: { sha256: string } }[];
    predicateType: string;
    predicate: unknown;
  };
  return {
    id: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    sources: [{ kind: 'dir', location: 'bundles/release-1.deployment-origin.sigstore.json' }],
    verified: true,
    identity: 'key trailmark.pub',
    predicateType: statement.predicateType,
    subjects: statement.subject.map((s) => ({ name: s.name, digest: `sha256:${s.digest.sha256}` })),
    predicate: statement.predicate,
    ...(signedAt === undefined ? {} : { signedAt }),
  };
}

/** A TraceEvidence over evidence and verify's reports (keyed `Kind/namespace/name`). */
export function traceEvidence(
  evidence: AttestationEvidence[],
  reports: WorkloadReport[] = [],
): TraceEvidence {
  const byObject = new Map<string, OriginMatch[]>();
  const byLabel = new Map<string, OriginMatch[]>();
  for (const item of evidence) {
    if (!item.verified || item.predicateType !== PREDICATE_TYPE.deploymentOrigin) continue;
    const predicate = item.predicate as DeploymentOrigin;
    for (const record of predicate.objects) {
      const match = { record, predicate, evidence: item };
      const key = objectKey(record);
      byObject.set(key, [...(byObject.get(key) ?? []), match]);
      byLabel.set(record.origin, [...(byLabel.get(record.origin) ?? []), match]);
    }
  }
  const reportOf = new Map(reports.map((r) => [objectKey(r), r]));
  return {
    recordsFor: (ref: ObjectRef) => byObject.get(objectKey(ref)) ?? [],
    recordsWithLabel: (label: string) => byLabel.get(label) ?? [],
    workloadReport: (ref: ObjectRef) => reportOf.get(objectKey(ref)),
    evidence,
  };
}

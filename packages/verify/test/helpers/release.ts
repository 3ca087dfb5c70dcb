import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { AttestationEvidence, KubeObject } from '@trailmark/core';
import { parseBundle, verifyBundle } from '../../src/index.js';

// Two real releases of the demo app (fixtures/release/, made by its generate.mjs with the built
// CLI): the stamped manifests and the deployment-origin bundle of each, verified here with the
// release key, so the evidence carries the predicate attest's builder signed.

const DIR = join(import.meta.dirname, '..', 'fixtures', 'release');

/** The stamped objects of a release, as parsed from the stamped stream. */
export function stampedObjects(release: 1 | 2): KubeObject[] {
  const text = readFileSync(join(DIR, `release-${release}.stamped.yaml`), 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null && typeof object.kind === 'string');
}

/** A bundle file of the release folder as evidence, verified against the release key. */
export function bundleEvidence(
  file: string,
  signedAt?: string,
  tamper?: (bundle: Record<string, unknown>) => Record<string, unknown>,
): AttestationEvidence {
  const original = readFileSync(join(DIR, file));
  const bytes =
    tamper === undefined
      ? original
      : Buffer.from(
          JSON.stringify(tamper(JSON.parse(original.toString('utf8')) as Record<string, unknown>)),
        );
  const json = JSON.parse(bytes.toString('utf8')) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(
    Buffer.from(json.dsseEnvelope.payload, 'base64').toString('utf8'),
  ) as {
    subject: { name: string; digest: { sha256: string } }[];
    predicateType: string;
  };
  const first = statement.subject[0]?.digest.sha256 ?? '';
  // Verified against its first subject; a tampered bundle fails for every subject alike.
  const verdict = verifyBundle({
    bundle: parseBundle(bytes.toString('utf8')),
    artifact: { kind: 'digest', sha256: first },
    policy: { kind: 'key', publicKeyPem: readFileSync(join(DIR, 'trailmark.pub'), 'utf8') },
  });
  const predicate = (verdict.statement as { predicate?: unknown } | undefined)?.predicate;
  return {
    id: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    sources: [{ kind: 'dir', location: `bundles/${file}` }],
    verified: verdict.ok,
    ...(verdict.ok
      ? {}
      : {
          rejection: verdict.code === 'UNTRUSTED_SIGNER' ? 'UNTRUSTED_SIGNER' : 'SIGNATURE_INVALID',
          reason: verdict.reason ?? '',
        }),
    ...(verdict.signer === undefined
      ? {}
      : {
          signer: {
            ...(verdict.signer.publicKeyHint === undefined
              ? {}
              : { publicKeyHint: verdict.signer.publicKeyHint }),
          },
        }),
    identity: 'key trailmark.pub',
    predicateType: statement.predicateType,
    subjects: statement.subject.map((subject) => ({
      name: subject.name,
      digest: `sha256:${subject.digest.sha256}`,
    })),
    ...(predicate === undefined ? {} : { predicate }),
    ...(signedAt === undefined ? {} : { signedAt }),
  };
}

/** The deployment-origin evidence of a release. */
export function releaseEvidence(release: 1 | 2, signedAt?: string): AttestationEvidence {
  return bundleEvidence(`release-${release}.deployment-origin.sigstore.json`, signedAt);
}

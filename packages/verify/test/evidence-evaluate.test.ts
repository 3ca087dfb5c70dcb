import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, evaluate, verifyAttestations, type TrustedIdentity } from '../src/index.js';
import { deploy, snapshotOf } from './helpers/cluster.js';
import { stampedObjects } from './helpers/release.js';
import { keyPair } from './helpers/key-bundles.js';
import { flipSignatureByte } from './helpers/tamper.js';

// The two halves of verify together: the release's real bundles through verifyAttestations (the
// evidence side), then evaluate (the workload side) — the shapes they exchange must agree.

const DIR = join(import.meta.dirname, 'fixtures', 'release');
const NOW = new Date('2024-03-12T09:00:00Z');
const KEY: TrustedIdentity = {
  kind: 'key',
  publicKeyPem: readFileSync(join(DIR, 'trailmark.pub'), 'utf8'),
  name: 'trailmark.pub',
};

function bundle(file: string, edit?: (json: Record<string, unknown>) => Record<string, unknown>) {
  const text = readFileSync(join(DIR, file), 'utf8');
  const bytes =
    edit === undefined ? text : JSON.stringify(edit(JSON.parse(text) as Record<string, unknown>));
  return {
    bytes: Buffer.from(bytes),
    source: { kind: 'dir' as const, location: `bundles/${file}` },
  };
}

describe('verifyAttestations → evaluate', () => {
  it('the release as signed: every workload attributed, no finding', () => {
    const evidence = verifyAttestations({
      bundles: [bundle('release-1.deployment-origin.sigstore.json')],
      trustedRoots: [],
      identities: [KEY],
    });
    expect(evidence.map((e) => e.verified)).toEqual([true]);
    const report = evaluate({
      snapshot: snapshotOf(deploy(stampedObjects(1))),
      evidence,
      policy: defaultPolicy(),
      now: NOW,
    });
    expect(report.verdict).toBe('pass');
    expect(report.workloads.every((w) => w.attribution === 'verified')).toBe(true);
    expect(report.summary.attestations).toEqual({ total: 1, verified: 1, rejected: 0 });
  });

  it('a tampered release bundle attributes nothing and is reported against its images', () => {
    const evidence = verifyAttestations({
      bundles: [bundle('release-1.deployment-origin.sigstore.json', flipSignatureByte)],
      trustedRoots: [],
      identities: [KEY],
    });
    expect(evidence.map((e) => e.rejection)).toEqual(['SIGNATURE_INVALID']);
    const report = evaluate({
      snapshot: snapshotOf(deploy(stampedObjects(1))),
      evidence,
      policy: defaultPolicy(),
      now: NOW,
    });
    expect(report.workloads.some((w) => w.attribution === 'verified')).toBe(false);
    const codes = new Set(report.workloads.flatMap((w) => w.findings.map((f) => f.code)));
    expect(codes.has('SIGNATURE_INVALID')).toBe(true);
    expect(report.verdict).toBe('fail');
  });

  it('signed by a key the policy does not trust: UNTRUSTED_SIGNER, not attributed', () => {
    const other: TrustedIdentity = {
      kind: 'key',
      publicKeyPem: keyPair('p256').publicKeyPem,
      name: 'other.pub',
    };
    const evidence = verifyAttestations({
      bundles: [bundle('release-1.deployment-origin.sigstore.json')],
      trustedRoots: [],
      identities: [other],
    });
    expect(evidence.map((e) => e.rejection)).toEqual(['UNTRUSTED_SIGNER']);
    const report = evaluate({
      snapshot: snapshotOf(deploy(stampedObjects(1))),
      evidence,
      policy: defaultPolicy(),
      now: NOW,
    });
    expect(report.workloads.some((w) => w.attribution === 'verified')).toBe(false);
    const codes = new Set(report.workloads.flatMap((w) => w.findings.map((f) => f.code)));
    expect(codes.has('UNTRUSTED_SIGNER')).toBe(true);
  });
});

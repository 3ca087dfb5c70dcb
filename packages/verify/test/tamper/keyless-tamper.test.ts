import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICATE_TYPE, type AttestationEvidence } from '@trailmark/core';
import { startTestSigstore, type TestSigstore } from '@trailmark/testing';
import {
  evidenceForDigest,
  verifyAttestations,
  type TrustedIdentity,
  type VerifyAttestationsInput,
} from '../../src/index.js';
import { candidate, digestOf, only, statement } from '../helpers/evidence.js';
import { flipPayloadByte, flipSignatureByte } from '../helpers/tamper.js';
import { rootOf, signKeyless } from './keyless.js';

// The tamper corpus, bundle side: every case is a bundle that must NOT become verified evidence
// for the image or workload it is presented for. Real keyless signing against the test Sigstore.

type Json = Record<string, unknown>;

const SAN = 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';
const REPO = 'https://github.com/acme/shop';
const COMMIT = '9f1c2b3a4d5e6f708192a3b4c5d6e7f809102132'; // GITHUB_ACTIONS_CLAIMS.sha
const IMAGE = digestOf('ghcr.io/acme/shop@1');
const OTHER_IMAGE = digestOf('ghcr.io/acme/other@1');
const TRUSTED: TrustedIdentity = {
  kind: 'certificate',
  issuer: ISSUER,
  subject: { exact: SAN },
  sourceRepository: { exact: REPO },
  sourceRef: { exact: 'refs/heads/main' },
};

function origin(commit = COMMIT, uri = REPO): Json {
  return {
    repository: { uri, commit, ref: 'refs/heads/main' },
    approvers: ['bob'],
    objects: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
        origin: '0c87d0b2491253d9',
        owners: ['@acme/web'],
        images: [{ container: 'web', ref: 'ghcr.io/acme/shop:1', digest: IMAGE }],
        secretRefs: [],
        annotationsDigest: digestOf('annotations'),
      },
    ],
  };
}

const ORIGIN_STATEMENT = statement(PREDICATE_TYPE.deploymentOrigin, origin(), { web: IMAGE });

const sigstores: TestSigstore[] = [];
let sigstore: TestSigstore;
let good: Json;

async function start(claims?: Record<string, string>): Promise<TestSigstore> {
  const started = await startTestSigstore(claims === undefined ? {} : { claims });
  sigstores.push(started);
  return started;
}

beforeAll(async () => {
  sigstore = await start();
  good = await signKeyless(sigstore, ORIGIN_STATEMENT);
}, 30_000);

afterAll(async () => {
  await Promise.all(sigstores.map((s) => s.close()));
});

function verify(
  bundles: unknown[],
  extra: Partial<VerifyAttestationsInput> = {},
): AttestationEvidence[] {
  return verifyAttestations({
    bundles: bundles.map((b, i) => candidate(b, `bundles/${String(i)}.sigstore.json`)),
    trustedRoots: [rootOf(sigstore)],
    identities: [TRUSTED],
    ...extra,
  });
}

function rejection(bundle: unknown, extra: Partial<VerifyAttestationsInput> = {}) {
  const item = only(verify([bundle], extra));
  expect(item.verified).toBe(false);
  return item.rejection;
}

describe('baseline: the untampered keyless bundle verifies', () => {
  it('with the Fulcio source extensions read from the certificate', () => {
    const item = only(verify([good], { repositories: [REPO] }));
    expect(item).toMatchObject({
      verified: true,
      identity: `${SAN} (issuer ${ISSUER})`,
      signer: {
        subjectAlternativeName: SAN,
        issuer: ISSUER,
        sourceRepository: REPO,
        sourceRef: 'refs/heads/main',
        sourceDigest: COMMIT,
      },
      predicateType: PREDICATE_TYPE.deploymentOrigin,
      subjects: [{ name: 'web', digest: IMAGE }],
    });
    expect(item.signer?.buildSignerUri).toMatch(/release\.yml@refs\/heads\/main$/);
    // Signed moments ago (Rekor integration and TSA time of the test Sigstore, 2 s ahead).
    expect(Math.abs(Date.parse(item.signedAt ?? '') - Date.now())).toBeLessThan(60_000);
  });
});

describe('tamper corpus (bundle side): none may verify', () => {
  it('flipped signature byte', () => {
    expect(rejection(flipSignatureByte(good))).toBe('SIGNATURE_INVALID');
  });

  it('flipped payload byte', () => {
    expect(rejection(flipPayloadByte(good))).toBe('SIGNATURE_INVALID');
  });

  it('swapped payload: another valid statement under the original signature', () => {
    const swapped = structuredClone(good);
    const other = statement(PREDICATE_TYPE.deploymentOrigin, origin(), { web: OTHER_IMAGE });
    (swapped.dsseEnvelope as Json).payload = Buffer.from(JSON.stringify(other)).toString('base64');
    expect(rejection(swapped)).toBe('SIGNATURE_INVALID');
  });

  it('changed payloadType (covered by the DSSE signature)', () => {
    const changed = structuredClone(good);
    (changed.dsseEnvelope as Json).payloadType = 'application/json';
    expect(rejection(changed)).toBe('SIGNATURE_INVALID');
  });

  it('subject digest mismatch: a valid bundle about another image is no evidence for this one', () => {
    const evidence = verify([good]);
    expect(only(evidence).verified).toBe(true);
    expect(evidenceForDigest(evidence, OTHER_IMAGE)).toEqual([]);
  });

  it('wrong issuer', async () => {
    const evil = await start({ iss: 'https://token.actions.evil.example' });
    const bundle = await signKeyless(evil, ORIGIN_STATEMENT);
    const item = only(verify([bundle], { trustedRoots: [rootOf(evil)] }));
    expect(item).toMatchObject({ verified: false, rejection: 'UNTRUSTED_SIGNER' });
    expect(item.signer?.issuer).toBe('https://token.actions.evil.example');
  });

  it.each([
    ['release\\.yml', 'a substring of the SAN'],
    ['acme/shop', 'the repository'],
    ['https://github\\.com/acme/', 'a prefix'],
    ['\\.github/workflows/release\\.yml@refs/heads/main', 'a suffix'],
  ])('SAN that matches only an unanchored pattern: %s (%s)', (pattern) => {
    const identities: TrustedIdentity[] = [
      { kind: 'certificate', issuer: ISSUER, subject: { pattern } },
    ];
    expect(rejection(good, { identities })).toBe('UNTRUSTED_SIGNER');
  });

  it('release.yml.attacker.yml does not pass for exactly release.yml', async () => {
    const attacker = await start({
      job_workflow_ref: 'acme/shop/.github/workflows/release.yml.attacker.yml@refs/heads/main',
    });
    const bundle = await signKeyless(attacker, ORIGIN_STATEMENT);
    const item = only(verify([bundle], { trustedRoots: [rootOf(attacker)] }));
    expect(item.signer?.subjectAlternativeName).toBe(
      'https://github.com/acme/shop/.github/workflows/release.yml.attacker.yml@refs/heads/main',
    );
    expect(item).toMatchObject({ verified: false, rejection: 'UNTRUSTED_SIGNER' });
  });

  it('expired certificate without a timestamp (log entry and TSA time removed)', () => {
    const untimed = structuredClone(good);
    const material = untimed.verificationMaterial as Json;
    material.tlogEntries = [];
    material.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(rejection(untimed)).toBe('TRUST_ROOT_INVALID');
  });

  it('log entry without its inclusion promise and no timestamp', () => {
    const untimed = structuredClone(good);
    const material = untimed.verificationMaterial as Json;
    for (const entry of material.tlogEntries as Json[]) delete entry.inclusionPromise;
    material.timestampVerificationData = { rfc3161Timestamps: [] };
    expect(rejection(untimed)).not.toBeUndefined();
  });

  it('bundle from another repository (source repository extension differs)', async () => {
    const fork = await start({ repository: 'acme-evil/shop' });
    const bundle = await signKeyless(fork, ORIGIN_STATEMENT);
    const item = only(verify([bundle], { trustedRoots: [rootOf(fork)] }));
    expect(item.signer?.sourceRepository).toBe('https://github.com/acme-evil/shop');
    expect(item.signer?.subjectAlternativeName).toBe(SAN);
    expect(item).toMatchObject({ verified: false, rejection: 'UNTRUSTED_SIGNER' });
  });

  it('a record naming another repository than the policy’s', async () => {
    const bundle = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.deploymentOrigin, origin(COMMIT, 'https://github.com/acme/other'), {
        web: IMAGE,
      }),
    );
    expect(rejection(bundle, { repositories: [REPO] })).toBe('PREDICATE_INVALID');
  });

  it('wrong predicate type: an SBOM bundle presented as the origin record', async () => {
    const sbom = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.cyclonedx, { bomFormat: 'CycloneDX' }, { web: IMAGE }),
    );
    const evidence = verify([sbom]);
    expect(only(evidence).verified).toBe(true);
    expect(
      evidenceForDigest(evidence, IMAGE, { predicateType: PREDICATE_TYPE.deploymentOrigin }),
    ).toEqual([]);
  });

  it('an SBOM predicate under the deployment-origin predicate type', async () => {
    const bundle = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.deploymentOrigin, { bomFormat: 'CycloneDX' }, { web: IMAGE }),
    );
    expect(rejection(bundle)).toBe('PREDICATE_INVALID');
  });

  it('wrong builder id', async () => {
    const provenance = {
      buildDefinition: {
        buildType: 'https://actions.github.io/buildtypes/workflow/v1',
        externalParameters: { workflow: { ref: 'refs/heads/main', repository: REPO } },
        resolvedDependencies: [
          { uri: `git+${REPO}@refs/heads/main`, digest: { gitCommit: COMMIT } },
        ],
      },
      runDetails: { builder: { id: 'https://evil.example/builder' } },
    };
    const bundle = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.slsaProvenance, provenance, { web: IMAGE }),
    );
    expect(rejection(bundle, { builders: [SAN] })).toBe('PREDICATE_INVALID');
  });

  it('commit mismatch: the record names another commit than the certificate', async () => {
    const bundle = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.deploymentOrigin, origin('0'.repeat(40)), { web: IMAGE }),
    );
    const item = only(verify([bundle]));
    expect(item).toMatchObject({ verified: false, rejection: 'PREDICATE_INVALID' });
    expect(item.reason).toMatch(/commit 0{40} is not the commit the signing certificate names/);
  });

  it('duplicate signatures in the DSSE envelope', () => {
    const doubled = structuredClone(good);
    const envelope = doubled.dsseEnvelope as { signatures: Json[] };
    envelope.signatures = [envelope.signatures[0]!, envelope.signatures[0]!];
    expect(rejection(doubled)).toBe('MALFORMED');
  });

  it('bundle carrying its own root certificate (an attacker CA) is not trusted', async () => {
    const attacker = await start();
    const forged = await signKeyless(attacker, ORIGIN_STATEMENT);
    const material = forged.verificationMaterial as Json;
    const leaf = (material.certificate as { rawBytes: string }).rawBytes;
    const attackerRoot = (
      (attacker.trustedRoot.certificateAuthorities as Json[])[0]!.certChain as {
        certificates: { rawBytes: string }[];
      }
    ).certificates[0]!.rawBytes;
    delete material.certificate;
    material.x509CertificateChain = {
      certificates: [{ rawBytes: leaf }, { rawBytes: attackerRoot }],
    };
    forged.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.2';
    expect(rejection(forged)).toBe('TRUST_ROOT_INVALID');
    expect(rejection(flipSignatureByte(forged))).not.toBeUndefined();
  });

  it('certificate of another signing swapped in (signature by a different key)', async () => {
    const other = await signKeyless(sigstore, ORIGIN_STATEMENT);
    const swapped = structuredClone(good);
    (swapped.verificationMaterial as Json).certificate = (
      other.verificationMaterial as Json
    ).certificate;
    expect(rejection(swapped)).toBe('SIGNATURE_INVALID');
  });

  it('log entry of another bundle swapped in', async () => {
    const other = await signKeyless(
      sigstore,
      statement(PREDICATE_TYPE.deploymentOrigin, origin(), { web: OTHER_IMAGE }),
    );
    const swapped = structuredClone(good);
    (swapped.verificationMaterial as Json).tlogEntries = (
      other.verificationMaterial as Json
    ).tlogEntries;
    expect(['SIGNATURE_INVALID', 'TRUST_ROOT_INVALID']).toContain(rejection(swapped));
  });

  it('a root that does not hold the issuing CA', async () => {
    const elsewhere = await start();
    expect(rejection(good, { trustedRoots: [rootOf(elsewhere)] })).toBe('TRUST_ROOT_INVALID');
  });

  it('no trusted identity at all trusts no one', () => {
    expect(rejection(good, { identities: [] })).toBe('UNTRUSTED_SIGNER');
  });

  it('a ref that only starts with the trusted ref', async () => {
    const branch = await start({
      ref: 'refs/heads/main-evil',
      job_workflow_ref: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
    });
    const bundle = await signKeyless(branch, ORIGIN_STATEMENT);
    const item = only(verify([bundle], { trustedRoots: [rootOf(branch)] }));
    expect(item.signer?.sourceRef).toBe('refs/heads/main-evil');
    expect(item).toMatchObject({ verified: false, rejection: 'UNTRUSTED_SIGNER' });
  });

  it('a TSA-only bundle (GitHub’s private instance: no log) whose timestamp is removed', async () => {
    const github = await startTestSigstore({ rekor: false });
    sigstores.push(github);
    const bundle = await signKeyless(github, ORIGIN_STATEMENT);
    const options = { trustedRoots: [rootOf(github)] };
    expect(only(verify([bundle], options)).verified).toBe(true); // baseline: verifies with the TSA
    const untimed = structuredClone(bundle);
    (untimed.verificationMaterial as Json).timestampVerificationData = { rfc3161Timestamps: [] };
    expect(rejection(untimed, options)).toBe('TRUST_ROOT_INVALID');
  });

  it('a TSA-only bundle carrying the timestamp of another signature', async () => {
    const github = await startTestSigstore({ rekor: false });
    sigstores.push(github);
    const bundle = await signKeyless(github, ORIGIN_STATEMENT);
    const other = await signKeyless(
      github,
      statement(PREDICATE_TYPE.cyclonedx, {}, { web: IMAGE }),
    );
    const swapped = structuredClone(bundle);
    (swapped.verificationMaterial as Json).timestampVerificationData = (
      other.verificationMaterial as Json
    ).timestampVerificationData;
    expect(rejection(swapped, { trustedRoots: [rootOf(github)] })).toBe('TRUST_ROOT_INVALID');
  });

  it('malformed JSON among good bundles: the good one still counts', () => {
    const evidence = verify([
      good,
      '{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",',
    ]);
    expect(evidence.map((e) => e.rejection ?? 'verified').sort()).toEqual([
      'MALFORMED',
      'verified',
    ]);
  });
});

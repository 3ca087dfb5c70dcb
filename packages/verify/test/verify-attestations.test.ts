import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import {
  evidenceForDigest,
  indexEvidence,
  verifyAttestations,
  type TrustedIdentity,
} from '../src/index.js';
import { candidate, digestOf, keyBundle, only, statement } from './helpers/evidence.js';
import { ISSUERS, ROOTS, fixturePath, readFixture, trustedRoot } from './helpers/fixtures.js';
import { keyPair } from './helpers/key-bundles.js';
import { flipSignatureByte } from './helpers/tamper.js';

// sigstore-js's compatibility bundles: real public-good DSSE bundles signed by brian@dehamer.com
// through GitHub's OAuth issuer (test/fixtures/README.md).
const CORPUS = ['bundleV01-dsse-no-proof', 'bundleV02-dsse', 'bundleV03-dsse', 'bundleV03-intoto'];
const DEHAMER: TrustedIdentity = {
  kind: 'certificate',
  issuer: ISSUERS.github,
  subject: { exact: 'brian@dehamer.com' },
};
const NPM_SUBJECT = `sha512:7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36`;

function corpusBundle(name: string, location = `bundles/${name}.sigstore`) {
  return {
    bytes: readFileSync(fixturePath(`sigstore-js-bundles/${name}.sigstore`)),
    source: { kind: 'dir' as const, location },
  };
}

const SCHEMA_EXAMPLES = fixturePath('../../../../schemas/examples');
const SLSA = (
  JSON.parse(
    readFileSync(`${SCHEMA_EXAMPLES}/in-toto-statement.v1/valid-github-conformance.json`, 'utf8'),
  ) as { predicate: Record<string, unknown> }
).predicate;
const ORIGIN = JSON.parse(
  readFileSync(`${SCHEMA_EXAMPLES}/deployment-origin.v1/valid-example-payments.json`, 'utf8'),
) as Record<string, unknown>;
const IMAGE = digestOf('ghcr.io/acme/payments-api');

describe('verifyAttestations on real public-good bundles', () => {
  it('verifies each corpus bundle once, with the signer and the statement it names', () => {
    const evidence = verifyAttestations({
      bundles: CORPUS.map((name) => corpusBundle(name)),
      trustedRoots: [trustedRoot(ROOTS.publicGood)],
      identities: [DEHAMER],
    });
    expect(evidence).toHaveLength(4);
    for (const item of evidence) {
      expect(item).toMatchObject({
        verified: true,
        identity: 'brian@dehamer.com (issuer https://github.com/login/oauth)',
        signer: { subjectAlternativeName: 'brian@dehamer.com', issuer: ISSUERS.github },
        predicateType: 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1',
        subjects: [{ name: 'pkg:npm/sigstore@1.0.0', digest: NPM_SUBJECT }],
      });
      expect(item.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect(evidence.map((e) => e.id)).toEqual([...evidence.map((e) => e.id)].sort());
  });

  it('signedAt is the verified log integration time', () => {
    const bundle = JSON.parse(readFixture('sigstore-js-bundles/bundleV03-dsse.sigstore')) as {
      verificationMaterial: { tlogEntries: { integratedTime: string }[] };
    };
    const seconds = Number(bundle.verificationMaterial.tlogEntries[0]?.integratedTime);
    const item = only(
      verifyAttestations({
        bundles: [corpusBundle('bundleV03-dsse')],
        trustedRoots: [trustedRoot(ROOTS.publicGood)],
        identities: [DEHAMER],
      }),
    );
    expect(item.signedAt).toBe(new Date(seconds * 1000).toISOString());
  });

  it('the same bytes from two sources are verified once, their sources merged', () => {
    const verified: string[] = [];
    const evidence = verifyAttestations({
      bundles: [
        corpusBundle('bundleV02-dsse', 'dir-b/x.sigstore'),
        { ...corpusBundle('bundleV02-dsse'), source: { kind: 'oci', location: 'r/app@sha256:1' } },
        corpusBundle('bundleV02-dsse', 'dir-a/x.sigstore'),
      ],
      trustedRoots: [trustedRoot(ROOTS.publicGood)],
      identities: [DEHAMER],
      onVerify: (id) => verified.push(id),
    });
    expect(verified).toEqual([only(evidence).id]);
    expect(only(evidence).sources).toEqual([
      { kind: 'dir', location: 'dir-a/x.sigstore' },
      { kind: 'dir', location: 'dir-b/x.sigstore' },
      { kind: 'oci', location: 'r/app@sha256:1' },
    ]);
  });

  it('a malformed bundle among good ones is MALFORMED evidence; the good ones still count', () => {
    const evidence = verifyAttestations({
      bundles: [
        corpusBundle('bundleV03-dsse'),
        candidate('{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json", "dsse', 'x.json'),
        candidate(readFixture('sigstore-python/bundle_invalid_version.txt.sigstore'), 'y.json'),
        candidate('[]', 'z.json'),
      ],
      trustedRoots: [trustedRoot(ROOTS.publicGood)],
      identities: [DEHAMER],
    });
    expect(evidence.filter((e) => e.verified)).toHaveLength(1);
    const bad = evidence.filter((e) => !e.verified);
    expect(bad.map((e) => e.rejection)).toEqual(['MALFORMED', 'MALFORMED', 'MALFORMED']);
    expect(bad.map((e) => e.reason).join('\n')).toMatch(/not valid JSON/);
    expect(bad.map((e) => e.reason).join('\n')).toMatch(/unsupported mediaType/);
  });

  it('a public-good bundle checked only against GitHub’s root is TRUST_ROOT_INVALID', () => {
    const item = only(
      verifyAttestations({
        bundles: [corpusBundle('bundleV03-dsse')],
        trustedRoots: [trustedRoot(ROOTS.github)],
        identities: [DEHAMER],
      }),
    );
    expect(item).toMatchObject({ verified: false, rejection: 'TRUST_ROOT_INVALID' });
    expect(item.subjects).toEqual([{ name: 'pkg:npm/sigstore@1.0.0', digest: NPM_SUBJECT }]);
  });

  it('with both roots it picks the one whose CA issued the certificate', () => {
    const item = only(
      verifyAttestations({
        bundles: [corpusBundle('bundleV03-dsse')],
        trustedRoots: [trustedRoot(ROOTS.github), trustedRoot(ROOTS.publicGood)],
        identities: [DEHAMER],
      }),
    );
    expect(item.verified).toBe(true);
  });
});

describe('verifyAttestations with key identities and predicate checks', () => {
  const trusted = keyPair('p256');
  const keyIdentity: TrustedIdentity = {
    kind: 'key',
    publicKeyPem: trusted.publicKeyPem,
    name: 'keys/release.pub',
  };
  const run = (value: unknown, extra: Partial<Parameters<typeof verifyAttestations>[0]> = {}) =>
    only(
      verifyAttestations({
        bundles: [candidate(keyBundle(trusted.privateKey, value))],
        trustedRoots: [],
        identities: [keyIdentity],
        ...extra,
      }),
    );

  it('a deployment-origin record signed by the trusted key verifies, predicate included', () => {
    const item = run(statement(PREDICATE_TYPE.deploymentOrigin, ORIGIN, { api: IMAGE }));
    expect(item).toMatchObject({
      verified: true,
      identity: 'key keys/release.pub',
      predicateType: PREDICATE_TYPE.deploymentOrigin,
      subjects: [{ name: 'api', digest: IMAGE }],
      predicate: ORIGIN,
    });
    expect(item.signer?.publicKeyHint).toMatch(/^[0-9a-f]{64}$/);
    expect(item.signedAt).toBeUndefined(); // a bare key without log or timestamp proves no time
  });

  it('the repository list admits the record’s repository, exactly', () => {
    const value = statement(PREDICATE_TYPE.deploymentOrigin, ORIGIN, { api: IMAGE });
    expect(run(value, { repositories: ['https://github.com/acme/payments'] }).verified).toBe(true);
    const other = run(value, { repositories: ['https://github.com/acme/pay'] });
    expect(other).toMatchObject({ verified: false, rejection: 'PREDICATE_INVALID' });
    expect(other.reason).toMatch(/names repository https:\/\/github.com\/acme\/payments/);
  });

  it('SLSA provenance: builder id and the resolved repository are checked when listed', () => {
    const value = statement(PREDICATE_TYPE.slsaProvenance, SLSA, { api: IMAGE });
    const builder =
      'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main';
    expect(run(value, { builders: [builder] }).verified).toBe(true);
    expect(run(value, { repositories: ['https://github.com/loosebazooka/aa-test'] }).verified).toBe(
      true,
    );
    const wrongBuilder = run(value, { builders: [`${builder}x`] });
    expect(wrongBuilder).toMatchObject({ rejection: 'PREDICATE_INVALID' });
    expect(wrongBuilder.reason).toMatch(/builder id/);
    expect(run(value, { repositories: ['https://github.com/acme/shop'] }).rejection).toBe(
      'PREDICATE_INVALID',
    );
  });

  it('a validator given by the caller rejects a predicate that fails its schema', () => {
    const value = statement(PREDICATE_TYPE.deploymentOrigin, ORIGIN, { api: IMAGE });
    const item = run(value, {
      validatePredicate: (type) =>
        type === PREDICATE_TYPE.deploymentOrigin ? ['/objects: bad'] : [],
    });
    expect(item).toMatchObject({ rejection: 'PREDICATE_INVALID' });
    expect(item.reason).toMatch(/does not match its schema: \/objects: bad/);
  });

  it('a message-signature bundle is not an attestation', () => {
    const pem = keyBundle(trusted.privateKey, {});
    delete pem.dsseEnvelope;
    pem.messageSignature = {
      messageDigest: { algorithm: 'SHA2_256', digest: Buffer.alloc(32).toString('base64') },
      signature: Buffer.alloc(64).toString('base64'),
    };
    const item = only(
      verifyAttestations({
        bundles: [candidate(pem)],
        trustedRoots: [],
        identities: [keyIdentity],
      }),
    );
    expect(item).toMatchObject({ verified: false, rejection: 'PREDICATE_INVALID' });
  });

  it('a flipped signature byte under the trusted key’s hint is SIGNATURE_INVALID', () => {
    const bundle = flipSignatureByte(
      keyBundle(trusted.privateKey, statement('https://example.com/p', {}, { api: IMAGE })),
    );
    const item = only(
      verifyAttestations({
        bundles: [candidate(bundle)],
        trustedRoots: [],
        identities: [keyIdentity],
      }),
    );
    expect(item).toMatchObject({ verified: false, rejection: 'SIGNATURE_INVALID' });
  });
});

describe('questions that cannot be answered throw', () => {
  it('a pattern that does not compile, or a root that fails the strict checks', () => {
    const bundles = [corpusBundle('bundleV03-dsse')];
    expect(() =>
      verifyAttestations({
        bundles,
        trustedRoots: [trustedRoot(ROOTS.publicGood)],
        identities: [{ kind: 'certificate', issuer: ISSUERS.github, subject: { pattern: '(' } }],
      }),
    ).toThrow(/identities\[0\]\.subject pattern "\(" is not a valid regular expression/);
    const root = trustedRoot(ROOTS.publicGood);
    root.tlogs[0]!.publicKey!.validFor = undefined;
    expect(() =>
      verifyAttestations({ bundles, trustedRoots: [root], identities: [DEHAMER] }),
    ).toThrow(expect.objectContaining({ code: 'VERIFY_INVALID_TRUSTED_ROOT' }) as Error);
  });
});

describe('indexEvidence and evidenceForDigest', () => {
  it('index by subject digest, rejected evidence under its claimed subjects', () => {
    const { privateKey, publicKeyPem } = keyPair('p256');
    const stranger = keyPair('p256');
    const other = digestOf('other');
    const evidence = verifyAttestations({
      bundles: [
        candidate(
          keyBundle(
            privateKey,
            statement(PREDICATE_TYPE.deploymentOrigin, ORIGIN, { a: IMAGE, b: other }),
          ),
          '1',
        ),
        candidate(
          keyBundle(stranger.privateKey, statement(PREDICATE_TYPE.cyclonedx, {}, { a: IMAGE })),
          '2',
        ),
      ],
      trustedRoots: [],
      identities: [{ kind: 'key', publicKeyPem, name: 'k' }],
    });
    const index = indexEvidence(evidence);
    expect(
      index
        .get(IMAGE)
        ?.map((e) => e.verified)
        .sort(),
    ).toEqual([false, true]);
    expect(index.get(other)?.map((e) => e.verified)).toEqual([true]);
    expect(evidenceForDigest(evidence, IMAGE, { verifiedOnly: true })).toHaveLength(1);
    expect(
      evidenceForDigest(evidence, IMAGE, { predicateType: PREDICATE_TYPE.cyclonedx }).map(
        (e) => e.rejection,
      ),
    ).toEqual(['UNTRUSTED_SIGNER']);
  });
});

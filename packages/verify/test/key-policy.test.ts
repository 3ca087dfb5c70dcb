import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  VerifyError,
  parseBundle,
  verifyBundle,
  type Artifact,
  type BundlePolicy,
  type BundleVerdict,
} from '../src/index.js';
import {
  ISSUERS,
  ROOTS,
  artifactFile,
  identity,
  readFixture,
  readJson,
  trustedRoot,
} from './helpers/fixtures.js';
import { keyDsseBundle, keyMessageBundle, keyPair, statementFor } from './helpers/key-bundles.js';
import { flipPayloadByte, flipSignatureByte } from './helpers/tamper.js';

type Json = Record<string, unknown>;

const ARTIFACT = Buffer.from('release 1.2.3\n');
const SHA256 = createHash('sha256').update(ARTIFACT).digest('hex');
const bytes: Artifact = { kind: 'bytes', bytes: ARTIFACT };
const digest: Artifact = { kind: 'digest', sha256: SHA256 };

function verifyWithKey(
  bundle: Json,
  publicKeyPem: string,
  artifact: Artifact = bytes,
): BundleVerdict {
  return verifyBundle({
    bundle: parseBundle(bundle),
    artifact,
    policy: { kind: 'key', publicKeyPem },
  });
}

describe.each(['p256', 'p384', 'ed25519'] as const)('key policy with a %s key', (kind) => {
  const { privateKey, publicKeyPem } = keyPair(kind);
  const other = keyPair(kind);
  const dsse = keyDsseBundle(privateKey, Buffer.from(JSON.stringify(statementFor(ARTIFACT))));
  const message = keyMessageBundle(privateKey, ARTIFACT);

  it('verifies a DSSE bundle, by bytes and by digest, without a trusted root', () => {
    const verdict = verifyWithKey(dsse, publicKeyPem);
    expect(verdict).toMatchObject({
      ok: true,
      bundleVersion: '0.3',
      statement: statementFor(ARTIFACT),
    });
    expect(verdict.signer?.publicKeyHint).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyWithKey(dsse, publicKeyPem, digest)).toMatchObject({ ok: true });
  });

  it('verifies a message signature over the bytes', () => {
    expect(verifyWithKey(message, publicKeyPem)).toMatchObject({ ok: true });
  });

  it('does not verify tampered copies', () => {
    expect(verifyWithKey(flipSignatureByte(dsse), publicKeyPem)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
    expect(verifyWithKey(flipPayloadByte(dsse), publicKeyPem)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
    expect(verifyWithKey(flipSignatureByte(message), publicKeyPem)).toMatchObject({
      ok: false,
      code: 'SIGNATURE_INVALID',
    });
  });

  it('does not verify with another key', () => {
    const verdict = verifyWithKey(dsse, other.publicKeyPem);
    expect(verdict).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(verdict.reason).toMatch(/with the policy key/);
  });

  it('rejects another artifact', () => {
    const another: Artifact = { kind: 'bytes', bytes: Buffer.from('release 1.2.4\n') };
    expect(verifyWithKey(dsse, publicKeyPem, another)).toMatchObject({
      ok: false,
      code: 'ARTIFACT_MISMATCH',
    });
    expect(verifyWithKey(message, publicKeyPem, another)).toMatchObject({
      ok: false,
      code: 'ARTIFACT_MISMATCH',
    });
  });
});

describe('message signatures checked by digest only', () => {
  it('verify for ECDSA keys (P-256 and P-384)', () => {
    for (const kind of ['p256', 'p384'] as const) {
      const { privateKey, publicKeyPem } = keyPair(kind);
      expect(
        verifyWithKey(keyMessageBundle(privateKey, ARTIFACT), publicKeyPem, digest),
      ).toMatchObject({ ok: true });
      expect(
        verifyWithKey(
          flipSignatureByte(keyMessageBundle(privateKey, ARTIFACT)),
          publicKeyPem,
          digest,
        ),
      ).toMatchObject({ code: 'SIGNATURE_INVALID' });
    }
  });

  it('cannot be answered for Ed25519, which signs the message itself', () => {
    const { privateKey, publicKeyPem } = keyPair('ed25519');
    expect(() =>
      verifyWithKey(keyMessageBundle(privateKey, ARTIFACT), publicKeyPem, digest),
    ).toThrow(/only be checked against the artifact bytes/);
  });
});

describe('DSSE content checks', () => {
  const { privateKey, publicKeyPem } = keyPair('p256');

  it.each([
    [
      'another payload type',
      Buffer.from(JSON.stringify(statementFor(ARTIFACT))),
      'application/json',
      /payloadType is "application\/json"/,
    ],
    ['a payload that is not JSON', Buffer.from('hello'), undefined, /not JSON/],
    [
      'JSON that is not a statement',
      Buffer.from('{"subject":[]}'),
      undefined,
      /not an in-toto Statement/,
    ],
    [
      'a statement about another artifact',
      Buffer.from(JSON.stringify(statementFor(Buffer.from('x')))),
      undefined,
      /no subject of the in-toto statement has the artifact's digest \(subjects: app\.tgz sha256:/,
    ],
  ])('%s → ARTIFACT_MISMATCH', (_, payload, type, reason) => {
    const verdict = verifyWithKey(keyDsseBundle(privateKey, payload, type), publicKeyPem);
    expect(verdict).toMatchObject({ ok: false, code: 'ARTIFACT_MISMATCH' });
    expect(verdict.reason).toMatch(reason);
  });
});

describe('policy and bundle kinds must agree', () => {
  const { privateKey, publicKeyPem } = keyPair('p256');
  const keyBundle = keyDsseBundle(privateKey, Buffer.from(JSON.stringify(statementFor(ARTIFACT))));

  it('a certificate bundle under a key policy is UNTRUSTED_SIGNER', () => {
    const verdict = verifyBundle({
      bundle: parseBundle(readFixture('generated/app.txt.sigstore.json')),
      artifact: artifactFile('generated/app.txt'),
      policy: { kind: 'key', publicKeyPem },
      trustedRoot: trustedRoot(ROOTS.acme),
    });
    expect(verdict).toMatchObject({ ok: false, code: 'UNTRUSTED_SIGNER' });
  });

  it('a key bundle under an identity policy is UNTRUSTED_SIGNER', () => {
    const verdict = verifyBundle({
      bundle: parseBundle(keyBundle),
      artifact: bytes,
      policy: identity('me', ISSUERS.actions),
      trustedRoot: trustedRoot(ROOTS.publicGood),
    });
    expect(verdict).toMatchObject({ ok: false, code: 'UNTRUSTED_SIGNER' });
    expect(verdict.reason).toMatch(/bare public key \(hint [0-9a-f]{64}\)/);
  });
});

describe('inputs that cannot be answered', () => {
  const { privateKey, publicKeyPem } = keyPair('p256');
  const keyBundle = keyDsseBundle(privateKey, Buffer.from(JSON.stringify(statementFor(ARTIFACT))));
  const verifyInput = (policy: BundlePolicy, artifact: Artifact = bytes): BundleVerdict =>
    verifyBundle({ bundle: parseBundle(keyBundle), artifact, policy });

  it.each([
    [
      'a policy key that is not PEM',
      { kind: 'key', publicKeyPem: 'not a key' },
      /not a PEM public key/,
    ],
    [
      'an RSA policy key',
      { kind: 'key', publicKeyPem: keyPair('rsa').publicKeyPem },
      /policy key is rsa; expected ECDSA P-256\/P-384 or Ed25519/,
    ],
    [
      'an identity policy without a trusted root',
      identity('me', ISSUERS.actions),
      /identity policy needs a trusted root/,
    ],
  ] as [string, BundlePolicy, RegExp][])('%s', (_, policy, message) => {
    expect(() => verifyInput(policy)).toThrow(message);
  });

  it('an empty identity', () => {
    const input = {
      bundle: parseBundle(readFixture('generated/app.txt.sigstore.json')),
      artifact: artifactFile('generated/app.txt'),
      policy: identity('', ISSUERS.actions),
      trustedRoot: trustedRoot(ROOTS.acme),
    };
    expect(() => verifyBundle(input)).toThrow(/needs a non-empty subject alternative name/);
  });

  it.each([
    ['not hex', { kind: 'digest', sha256: 'z'.repeat(64) }],
    ['too short', { kind: 'digest', sha256: SHA256.slice(1) }],
    ['prefixed', { kind: 'digest', sha256: `sha256:${SHA256}` }],
  ] as [string, Artifact][])('an artifact digest that is %s', (_, artifact) => {
    expect(() => verifyInput({ kind: 'key', publicKeyPem }, artifact)).toThrow(
      /artifact sha256 digest must be 64 hex characters/,
    );
  });

  it('a key bundle carrying a log entry, without a trusted root to check it', () => {
    const withEntry = structuredClone(keyBundle);
    const entries = (
      readJson('sigstore-python/bundle_v3.txt.sigstore').verificationMaterial as Json
    ).tlogEntries;
    (withEntry.verificationMaterial as Json).tlogEntries = entries;
    expect(() => verifyWithKey(withEntry, publicKeyPem)).toThrow(VerifyError);
    expect(() => verifyWithKey(withEntry, publicKeyPem)).toThrow(/needs a trusted root/);
  });

  it('a key bundle carrying an unrelated log entry fails against a root', () => {
    const withEntry = structuredClone(keyBundle);
    const entries = (
      readJson('sigstore-python/bundle_v3.txt.sigstore').verificationMaterial as Json
    ).tlogEntries;
    (withEntry.verificationMaterial as Json).tlogEntries = entries;
    const verdict = verifyBundle({
      bundle: parseBundle(withEntry),
      artifact: bytes,
      policy: { kind: 'key', publicKeyPem },
      trustedRoot: trustedRoot(ROOTS.staging),
    });
    expect(verdict).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });
});

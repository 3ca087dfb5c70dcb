import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import { parseBundle, verifyBundle, type BundleVerdict } from '../src/index.js';
import {
  ISSUERS,
  ROOTS,
  artifactFile,
  identity,
  readFixture,
  readJson,
  trustedRoot,
} from './helpers/fixtures.js';
import { flipPayloadByte, flipSignatureByte } from './helpers/tamper.js';

// Identity matching is EXACT. The bundles under generated/ are signed by a test CA for
// https://github.com/acme-evil/app/.github/workflows/release.yml@refs/heads/main (see generate.mjs).

const SIGNER = 'https://github.com/acme-evil/app/.github/workflows/release.yml@refs/heads/main';
const BUNDLES = ['generated/app.txt.dsse.sigstore.json', 'generated/app.txt.sigstore.json'];
const ARTIFACT = artifactFile('generated/app.txt');

function verifyAs(
  bundle: string,
  san: string,
  issuer: string = ISSUERS.actions,
  json: unknown = readFixture(bundle),
): BundleVerdict {
  return verifyBundle({
    bundle: parseBundle(json),
    artifact: ARTIFACT,
    policy: identity(san, issuer),
    trustedRoot: trustedRoot(ROOTS.acme),
  });
}

describe.each(BUNDLES)('identity policy on %s', (bundle) => {
  it('accepts the exact signer and issuer', () => {
    expect(verifyAs(bundle, SIGNER)).toEqual({
      ok: true,
      signer: { subjectAlternativeName: SIGNER, issuer: ISSUERS.actions },
      bundleVersion: '0.3',
      ...(bundle.includes('dsse') && {
        statement: expect.objectContaining({
          predicateType: 'https://trailmark.dev/test/v1',
        }) as unknown,
      }),
    });
  });

  it.each([
    ['https://github.com/acme/', 'another organisation whose name is a prefix'],
    ['https://github.com/acme', 'a prefix'],
    ['https://github.com/acme-evil/', 'the organisation prefix'],
    ['acme-evil/app', 'a substring'],
    [`${SIGNER}x`, 'a longer identity'],
    ['.*', 'a pattern that matches everything'],
    [
      SIGNER.replace('/.github/', '/xgithub/'),
      'a regex-like near miss (an unescaped . would match it)',
    ],
    [SIGNER.toUpperCase(), 'a case variant'],
  ])('rejects %s (%s) as UNTRUSTED_SIGNER', (san) => {
    const verdict = verifyAs(bundle, san);
    expect(verdict).toMatchObject({ ok: false, code: 'UNTRUSTED_SIGNER' });
    expect(verdict.reason).toContain(`signed by ${SIGNER}`);
  });

  it.each([`${ISSUERS.actions}/`, 'https://token.actions.githubusercontent', ISSUERS.github])(
    'rejects issuer %s as UNTRUSTED_SIGNER',
    (issuer) => {
      expect(verifyAs(bundle, SIGNER, issuer)).toMatchObject({
        ok: false,
        code: 'UNTRUSTED_SIGNER',
      });
    },
  );

  it('does not verify a copy with a flipped signature byte', () => {
    expect(
      verifyAs(bundle, SIGNER, ISSUERS.actions, flipSignatureByte(readJson(bundle))),
    ).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it('rejects another artifact', () => {
    const verdict = verifyBundle({
      bundle: parseBundle(readFixture(bundle)),
      artifact: { kind: 'bytes', bytes: Buffer.from('x') },
      policy: identity(SIGNER, ISSUERS.actions),
      trustedRoot: trustedRoot(ROOTS.acme),
    });
    expect(verdict).toMatchObject({ ok: false, code: 'ARTIFACT_MISMATCH' });
  });
});

describe('identity policy, the DSSE bundle', () => {
  const bundle = BUNDLES[0]!;

  it('does not verify a copy with a flipped payload byte', () => {
    expect(
      verifyAs(bundle, SIGNER, ISSUERS.actions, flipPayloadByte(readJson(bundle))),
    ).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });
});

describe('why the anchoring matters', () => {
  it('@sigstore/verify alone accepts a bare prefix as the identity (unanchored String.match)', () => {
    const root = trustedRoot(ROOTS.acme);
    const verifier = new Verifier(toTrustMaterial(root), {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      timestampThreshold: 1,
    });
    const entity = toSignedEntity(
      parseBundle(readFixture(BUNDLES[1]!)),
      Buffer.from(readFixture('generated/app.txt')),
    );
    const signer = verifier.verify(entity, {
      subjectAlternativeName: 'https://github.com/acme',
      extensions: { issuer: ISSUERS.actions },
    });
    expect(signer.identity?.subjectAlternativeName).toBe(SIGNER);
  });
});

import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  VerifyError,
  parseBundle,
  parseTrustedRoot,
  verifyBundle,
  type BundleVerdict,
  type TrustedRoot,
} from '../src/index.js';
import {
  ISSUERS,
  ROOTS,
  artifactFile,
  entry,
  fixturePath,
  identity,
  readFixture,
  readJson,
  trustedRoot,
} from './helpers/fixtures.js';

type Json = Record<string, unknown>;

describe('parseTrustedRoot accepts', () => {
  it.each(Object.values(ROOTS))('%s', (path) => {
    const root = parseTrustedRoot(readFixture(path));
    expect(root.certificateAuthorities.length).toBeGreaterThan(0);
  });
});

describe('parseTrustedRoot rejects, naming the entry', () => {
  const withoutStart =
    (field: string, index: number, key = false) =>
    (json: Json): void => {
      const item = entry(json, field, index);
      delete ((key ? item.publicKey : item) as { validFor: Json }).validFor.start;
    };

  it.each([
    [
      'certificateAuthorities',
      1,
      false,
      /certificateAuthorities\[1\] \(https:\/\/fulcio\.sigstore\.dev\) has no validFor\.start/,
    ],
    [
      'tlogs',
      1,
      true,
      /tlogs\[1\] \(https:\/\/log2025-1\.rekor\.sigstore\.dev\) publicKey has no validFor\.start/,
    ],
    [
      'ctlogs',
      0,
      true,
      /ctlogs\[0\] \(https:\/\/ctfe\.sigstore\.dev\/test\) publicKey has no validFor\.start/,
    ],
    [
      'timestampAuthorities',
      0,
      false,
      /timestampAuthorities\[0\] \(https:\/\/timestamp\.sigstore\.dev\/api\/v1\/timestamp\) has no validFor\.start/,
    ],
  ] as const)('a %s entry without validFor.start', (field, index, key, message) => {
    expect(() => trustedRoot(ROOTS.publicGood, withoutStart(field, index, key))).toThrow(message);
  });

  it('an entry whose validity ends before it starts', () => {
    const edit = (json: Json): void => {
      (entry(json, 'certificateAuthorities', 0).validFor as Json).end = '2020-01-01T00:00:00Z';
    };
    expect(() => trustedRoot(ROOTS.publicGood, edit)).toThrow(
      /certificateAuthorities\[0\].*validFor\.end before its validFor\.start/,
    );
  });

  it('an unreadable date', () => {
    const edit = (json: Json): void => {
      (entry(json, 'certificateAuthorities', 0).validFor as Json).start = 'last Tuesday';
    };
    expect(() => trustedRoot(ROOTS.publicGood, edit)).toThrow(/unreadable validFor\.start/);
  });

  it("sigstore-python's certificate_authority.empty.json (no certificates)", () => {
    const edit = (json: Json): void => {
      json.certificateAuthorities = [
        readJson('sigstore-python/trusted_root/certificate_authority.empty.json'),
      ];
    };
    expect(() => trustedRoot(ROOTS.publicGood, edit)).toThrow(
      /certificateAuthorities\[0\] has an empty certChain/,
    );
  });

  it('an undecodable certificate or key', () => {
    const badCert = (json: Json): void => {
      ((entry(json, 'certificateAuthorities', 1).certChain as Json).certificates as Json[])[0] = {
        rawBytes: 'AAAA',
      };
    };
    const badKey = (json: Json): void => {
      (entry(json, 'tlogs', 0).publicKey as Json).rawBytes = 'AAAA';
    };
    expect(() => trustedRoot(ROOTS.publicGood, badCert)).toThrow(
      /certificateAuthorities\[1\].*undecodable certChain\.certificates\[0\]/,
    );
    expect(() => trustedRoot(ROOTS.publicGood, badKey)).toThrow(
      /tlogs\[0\].*undecodable publicKey/,
    );
  });

  it("sigstore-python's trustedroot.badtype.json (unknown media type)", () => {
    expect(() =>
      parseTrustedRoot(readFixture('sigstore-python/trusted_root/trustedroot.badtype.json')),
    ).toThrow(/unsupported mediaType "bad-media-type"/);
  });

  it.each([
    ['not JSON', '{"mediaType":'],
    ['an array', []],
    ['null', null],
    ['a number', 7],
  ])('%s', (_, json) => {
    expect(() => parseTrustedRoot(json)).toThrow(VerifyError);
  });

  it('with the VERIFY_INVALID_TRUSTED_ROOT code', () => {
    expect(() => parseTrustedRoot('[]')).toThrow(
      expect.objectContaining({ code: 'VERIFY_INVALID_TRUSTED_ROOT' }) as Error,
    );
  });
});

// A signature made outside a window the trusted root gives must fail, whichever entry it is.
describe('validity windows are enforced', () => {
  const WHEEL = 'sigstore-python/bundle_v3_github.whl.sigstore'; // public-good, signed 2024-03-19T22:41Z
  const RFC8785 =
    'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2';
  const window =
    (field: string, index: number, key: boolean, validFor: Json) =>
    (json: Json): void => {
      const item = entry(json, field, index);
      (key ? (item.publicKey as Json) : item).validFor = validFor;
    };
  const verifyWheel = (root: TrustedRoot): BundleVerdict =>
    verifyBundle({
      bundle: parseBundle(readFixture(WHEEL)),
      artifact: artifactFile('sigstore-python/bundle_v3_github.whl'),
      policy: identity(RFC8785, ISSUERS.actions),
      trustedRoot: root,
    });

  it('the unedited public-good root verifies the wheel', () => {
    expect(verifyWheel(trustedRoot(ROOTS.publicGood))).toMatchObject({ ok: true });
  });

  it.each([
    [
      'the Fulcio CA window ends before the signing',
      window('certificateAuthorities', 1, false, {
        start: '2022-04-13T20:06:15Z',
        end: '2024-01-01T00:00:00Z',
      }),
    ],
    [
      'the Fulcio CA window starts after the signing',
      window('certificateAuthorities', 1, false, { start: '2024-06-01T00:00:00Z' }),
    ],
    [
      'the Rekor key window starts after the signing',
      window('tlogs', 0, true, { start: '2024-06-01T00:00:00Z' }),
    ],
    [
      'the Rekor key window ends before the signing',
      window('tlogs', 0, true, { start: '2021-01-12T11:53:27Z', end: '2024-03-19T22:41:00Z' }),
    ],
    [
      'the CT log key window ends before the SCT',
      window('ctlogs', 1, true, { start: '2022-10-20T00:00:00Z', end: '2023-01-01T00:00:00Z' }),
    ],
  ])('%s → TRUST_ROOT_INVALID', (_, edit) => {
    expect(verifyWheel(trustedRoot(ROOTS.publicGood, edit))).toMatchObject({
      ok: false,
      code: 'TRUST_ROOT_INVALID',
    });
  });

  describe('Rekor v2 (checkpoint only, signed 2025-06-09 under log2025-alpha1)', () => {
    const BUNDLE = 'sigstore-python/staging-rekor-v2.txt.sigstore.json';
    const retired = window('tlogs', 1, true, {
      start: '2025-04-16T00:00:00Z',
      end: '2025-05-01T00:00:00Z',
    });
    const verifyV2 = (root: TrustedRoot): BundleVerdict =>
      verifyBundle({
        bundle: parseBundle(readFixture(BUNDLE)),
        artifact: artifactFile('sigstore-python/staging-rekor-v2.txt'),
        policy: identity('jku@goto.fi', ISSUERS.github),
        trustedRoot: root,
      });

    it('fails when the log key was retired before the signing time', () => {
      const verdict = verifyV2(trustedRoot(ROOTS.staging, retired));
      expect(verdict).toMatchObject({ ok: false, code: 'TRUST_ROOT_INVALID' });
      expect(verdict.reason).toMatch(
        /log2025-alpha1\.rekor\.sigstage\.dev is not valid at the signing time 2025-06-09/,
      );
    });

    it('which @sigstore/verify 3.1.1 alone lets through (it checks no window for checkpoints)', () => {
      const root = trustedRoot(ROOTS.staging, retired);
      const bundle = parseBundle(readFixture(BUNDLE));
      const entity = toSignedEntity(
        bundle,
        readFileSync(fixturePath('sigstore-python/staging-rekor-v2.txt')),
      );
      expect(() => new Verifier(toTrustMaterial(root)).verify(entity)).not.toThrow();
    });

    it('fails when the TSA window excludes the timestamp (no signed time is left)', () => {
      const edit = window('timestampAuthorities', 0, false, {
        start: '2025-04-09T00:00:00Z',
        end: '2025-05-01T00:00:00Z',
      });
      const verdict = verifyV2(trustedRoot(ROOTS.staging, edit));
      expect(verdict).toMatchObject({ ok: false, code: 'TRUST_ROOT_INVALID' });
      expect(verdict.reason).toMatch(/expected 1 timestamps, got 0/);
    });
  });

  describe('a private instance (CA + TSA, no logs): the generated acme bundle', () => {
    const verifyAcme = (root: TrustedRoot): BundleVerdict =>
      verifyBundle({
        bundle: parseBundle(readFixture('generated/app.txt.sigstore.json')),
        artifact: artifactFile('generated/app.txt'),
        policy: identity(
          'https://github.com/acme-evil/app/.github/workflows/release.yml@refs/heads/main',
          ISSUERS.actions,
        ),
        trustedRoot: root,
      });
    const shift =
      (field: string, years: number) =>
      (json: Json): void => {
        const validFor = entry(json, field, 0).validFor as Json;
        validFor.start = new Date(
          Date.parse(validFor.start as string) + years * 365 * 86_400_000,
        ).toISOString();
      };

    it('verifies as generated', () => {
      expect(verifyAcme(trustedRoot(ROOTS.acme))).toMatchObject({ ok: true });
    });

    it.each([
      ['the CA window starts after the signing', shift('certificateAuthorities', 1)],
      ['the TSA window starts after the timestamp', shift('timestampAuthorities', 1)],
    ])('%s → TRUST_ROOT_INVALID', (_, edit) => {
      expect(verifyAcme(trustedRoot(ROOTS.acme, edit))).toMatchObject({
        ok: false,
        code: 'TRUST_ROOT_INVALID',
      });
    });
  });
});

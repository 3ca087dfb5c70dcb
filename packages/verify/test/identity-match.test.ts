import { describe, expect, it } from 'vitest';
import { compileIdentities, matcherOf, VerifyError } from '../src/index.js';

const RELEASE = 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main';
const ATTACKER =
  'https://github.com/acme/shop/.github/workflows/release.yml.attacker.yml@refs/heads/main';
const ISSUER = 'https://token.actions.githubusercontent.com';

describe('identity matching is exact, or an anchored pattern', () => {
  it('exact is exact: release.yml never admits release.yml.attacker.yml', () => {
    const exact = matcherOf({ exact: RELEASE }, 'subject');
    expect(exact(RELEASE)).toBe(true);
    expect(exact(ATTACKER)).toBe(false);
    expect(exact(`${RELEASE}x`)).toBe(false);
    expect(exact(undefined)).toBe(false);
  });

  it.each([
    ['release\\.yml', 'a substring-style pattern'],
    ['acme/shop', 'the repository alone'],
    [
      'https://github\\.com/acme/shop/\\.github/workflows/release\\.yml@refs/heads/main',
      'the escaped exact SAN',
    ],
    [
      'https://github\\.com/acme/shop/\\.github/workflows/release\\.yml@refs/heads/.+',
      'any branch of release.yml',
    ],
    ['x|release\\.yml', 'an alternation that tries to escape the anchors'],
  ])('pattern %s (%s) is applied to the WHOLE value', (pattern) => {
    const matches = matcherOf({ pattern }, 'subject');
    expect(matches(ATTACKER)).toBe(false);
    expect(matches(`${ATTACKER}\n`)).toBe(false);
  });

  it('the anchored pattern still matches what it means', () => {
    const branch = matcherOf(
      { pattern: 'https://github\\.com/acme/shop/\\.github/workflows/release\\.yml@refs/heads/.+' },
      'subject',
    );
    expect(branch(RELEASE)).toBe(true);
    expect(branch(RELEASE.replace('main', 'dev'))).toBe(true);
    expect(branch(RELEASE.replace('acme/shop', 'acme/shopx'))).toBe(false);
  });

  it('a loose pattern admits what it says, so the docs tell users to prefer exact', () => {
    // `release.yml.*` means "anything after release.yml": the attacker's workflow included.
    const loose = matcherOf(
      { pattern: 'https://github.com/acme/shop/.github/workflows/release.yml.*' },
      's',
    );
    expect(loose(ATTACKER)).toBe(true);
    expect(matcherOf({ exact: RELEASE }, 's')(ATTACKER)).toBe(false);
  });

  it('a pattern that does not compile is refused, naming the identity and the pattern', () => {
    expect(() =>
      compileIdentities([
        { kind: 'certificate', issuer: ISSUER, subject: { pattern: 'release.yml(' } },
      ]),
    ).toThrow(VerifyError);
    expect(() =>
      compileIdentities([
        {
          kind: 'certificate',
          issuer: ISSUER,
          subject: { exact: RELEASE },
          sourceRef: { pattern: '[' },
        },
      ]),
    ).toThrow(/identities\[0\]\.sourceRef pattern "\[" is not a valid regular expression/);
    expect(() =>
      compileIdentities([{ kind: 'certificate', issuer: '', subject: { exact: RELEASE } }]),
    ).toThrow(/empty issuer/);
  });

  it('issuer, source repository and ref must all hold', () => {
    const [identity] = compileIdentities([
      {
        kind: 'certificate',
        issuer: ISSUER,
        subject: { exact: RELEASE },
        sourceRepository: { exact: 'https://github.com/acme/shop' },
        sourceRef: { exact: 'refs/heads/main' },
      },
    ]);
    if (identity?.kind !== 'certificate') throw new Error('expected a certificate identity');
    const signer = {
      subjectAlternativeName: RELEASE,
      issuer: ISSUER,
      sourceRepository: 'https://github.com/acme/shop',
      sourceRef: 'refs/heads/main',
    };
    expect(identity.matches(signer)).toBe(true);
    expect(identity.matches({ ...signer, issuer: 'https://evil.example' })).toBe(false);
    expect(identity.matches({ ...signer, sourceRepository: 'https://github.com/evil/shop' })).toBe(
      false,
    );
    expect(identity.matches({ ...signer, sourceRef: 'refs/heads/evil' })).toBe(false);
    expect(identity.matches({ ...signer, sourceRef: undefined })).toBe(false);
  });
});

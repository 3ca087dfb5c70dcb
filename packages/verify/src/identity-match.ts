import { createHash, type KeyObject } from 'node:crypto';
import type { SignerIdentity } from '@trailmark/core';
import { VerifyError } from './error.js';
import { parsePolicyKey } from './policy-key.js';
import type { Match, TrustedIdentity } from './policy-types.js';

/** A certificate identity of the policy, its patterns compiled (always anchored). */
export interface CompiledCertificateIdentity {
  kind: 'certificate';
  /** Display form, e.g. `https://github.com/acme/shop/… (issuer https://token.actions…)`. */
  display: string;
  matches(signer: SignerIdentity): boolean;
}

/** A key identity of the policy: the parsed key and the hint sigstore-js derives from it. */
export interface CompiledKeyIdentity {
  kind: 'key';
  display: string;
  key: KeyObject;
  /** Hex SHA-256 of the key's SPKI (the hint sigstore-js writes into bundles). */
  hint: string;
}

/** One trusted identity, ready to match. */
export type CompiledIdentity = CompiledCertificateIdentity | CompiledKeyIdentity;

/**
 * Compiles the policy's identities. Exact values are compared with `===`; a pattern is compiled as
 * `^(?:pattern)$`, so it must match the WHOLE value: `release\.yml` never matches
 * `release.yml.attacker.yml`, and `acme` never matches `https://github.com/acme/shop/…`. Prefer
 * exact values: a pattern like `…/release.yml.*` still admits `release.yml.attacker.yml`, because
 * that is what it says.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` for an empty issuer, a pattern that does not compile
 *   (naming the identity and the pattern) or a key that is not ECDSA P-256/P-384 or Ed25519.
 */
export function compileIdentities(identities: readonly TrustedIdentity[]): CompiledIdentity[] {
  return identities.map((identity, i) => {
    if (identity.kind === 'key') return compileKey(identity.publicKeyPem, identity.name);
    const where = `identities[${String(i)}]`;
    if (identity.issuer === '')
      throw new VerifyError('VERIFY_INVALID_INPUT', `${where} has an empty issuer`);
    const subject = matcherOf(identity.subject, `${where}.subject`);
    const repository = optionalMatcher(identity.sourceRepository, `${where}.sourceRepository`);
    const ref = optionalMatcher(identity.sourceRef, `${where}.sourceRef`);
    return {
      kind: 'certificate',
      display: `${describeMatch(identity.subject)} (issuer ${identity.issuer})`,
      matches: (signer) =>
        signer.issuer === identity.issuer &&
        subject(signer.subjectAlternativeName) &&
        repository(signer.sourceRepository) &&
        ref(signer.sourceRef),
    };
  });
}

/** The first certificate identity that matches the signer, or undefined. */
export function matchCertificate(
  identities: readonly CompiledIdentity[],
  signer: SignerIdentity,
): CompiledCertificateIdentity | undefined {
  return identities.find(
    (identity): identity is CompiledCertificateIdentity =>
      identity.kind === 'certificate' && identity.matches(signer),
  );
}

/**
 * A predicate for one {@link Match}: exact equality, or a full match of the anchored pattern.
 * An absent value never matches.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` when the pattern is empty or does not compile.
 */
export function matcherOf(match: Match, where: string): (value: string | undefined) => boolean {
  if ('exact' in match) {
    if (match.exact === '')
      throw new VerifyError('VERIFY_INVALID_INPUT', `${where} has an empty exact value`);
    return (value) => value === match.exact;
  }
  if (match.pattern === '')
    throw new VerifyError('VERIFY_INVALID_INPUT', `${where} has an empty pattern`);
  let anchored: RegExp;
  try {
    // `u` makes stray escapes errors; the group keeps `a|b` from escaping the anchors.
    anchored = new RegExp(`^(?:${match.pattern})$`, 'u');
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VerifyError(
      'VERIFY_INVALID_INPUT',
      `${where} pattern ${JSON.stringify(match.pattern)} is not a valid regular expression: ${detail}`,
    );
  }
  return (value) => value !== undefined && anchored.test(value);
}

/** `exact` as is, a pattern as `/^(?:…)$/`. */
export function describeMatch(match: Match): string {
  return 'exact' in match ? match.exact : `/^(?:${match.pattern})$/`;
}

function optionalMatcher(
  match: Match | undefined,
  where: string,
): (value: string | undefined) => boolean {
  return match === undefined ? () => true : matcherOf(match, where);
}

function compileKey(publicKeyPem: string, name: string): CompiledKeyIdentity {
  const key = parsePolicyKey(publicKeyPem);
  const spki = key.export({ type: 'spki', format: 'der' });
  return {
    kind: 'key',
    display: `key ${name}`,
    key,
    hint: createHash('sha256').update(spki).digest('hex'),
  };
}

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseTrustedRoot,
  type Artifact,
  type BundlePolicy,
  type TrustedRoot,
} from '../../src/index.js';

/** Absolute path of a file under test/fixtures. */
export function fixturePath(path: string): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', path);
}

/** A fixture's text. */
export function readFixture(path: string): string {
  return readFileSync(fixturePath(path), 'utf8');
}

/** A fixture parsed as JSON (a fresh copy each call, safe to edit). */
export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFixture(path)) as Record<string, unknown>;
}

/** A fixture's bytes as an artifact. */
export function artifactFile(path: string): Artifact {
  return { kind: 'bytes', bytes: readFileSync(fixturePath(path)) };
}

export const ROOTS = {
  publicGood: 'trusted-roots/public-good.sigstore-python-store.trusted_root.json',
  staging: 'trusted-roots/staging.sigstore-python-store.trusted_root.json',
  github: 'trusted-roots/github.kyverno-testdata.trusted_root.json',
  acme: 'generated/acme.trusted_root.json',
} as const;

/** A trusted root fixture, parsed strictly; `edit` may change the JSON first. */
export function trustedRoot(
  path: string,
  edit?: (json: Record<string, unknown>) => void,
): TrustedRoot {
  const json = readJson(path);
  edit?.(json);
  return parseTrustedRoot(json);
}

/**
 * The staging root with sigstore-python's test TSA (tsa/ca.json) as its only timestamp
 * authority, as sigstore-python's TestVerifierWithTimestamp sets it up.
 */
export function stagingWithTestTsa(edit?: (tsa: Record<string, unknown>) => void): TrustedRoot {
  return trustedRoot(ROOTS.staging, (json) => {
    const tsa = readJson('sigstore-python/tsa/ca.json');
    edit?.(tsa);
    json.timestampAuthorities = [tsa];
  });
}

/** An exact identity policy. */
export function identity(subjectAlternativeName: string, issuer: string): BundlePolicy {
  return { kind: 'identity', subjectAlternativeName, issuer };
}

export const ISSUERS = {
  github: 'https://github.com/login/oauth',
  google: 'https://accounts.google.com',
  actions: 'https://token.actions.githubusercontent.com',
} as const;

/** `list[index]` of a JSON array field, as an editable record. */
export function entry(
  json: Record<string, unknown>,
  field: string,
  index: number,
): Record<string, unknown> {
  return (json[field] as Record<string, unknown>[])[index]!;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runTrailmark } from '@trailmark/testing';
import { fixturePath } from './helpers.js';

// A real bundle signed on GitHub's Sigstore instance (Fulcio + TSA, no Rekor) and the shipped
// GitHub trusted root: verified offline.
const BUNDLE = fixturePath('sigstore-github', 'github-release-attestation.sigstore.json');
const DIGEST = 'sha256:76f1fe8593bf227cca2c089e3c16dc95014a8d3e89c5dd220530469ca043c428';
const TRUST = join(REPO_ROOT, 'packages/trailmark/trust');
const SAN = 'https://dotcom.releases.github.com';

describe('GitHub-instance bundles verify offline with the shipped GitHub root', () => {
  it('the shipped root verifies the real bundle: chain to GitHub Fulcio, GitHub TSA time, signature', () => {
    const root = TrustedRoot.fromJSON(
      JSON.parse(readFileSync(join(TRUST, 'github.trusted_root.json'), 'utf8')),
    );
    // The root has no transparency or CT log: the thresholds follow it, as trailmark's verify does.
    const verifier = new Verifier(toTrustMaterial(root), {
      tlogThreshold: 0,
      ctlogThreshold: 0,
      timestampThreshold: 1,
    });
    const signer = verifier.verify(
      toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(BUNDLE, 'utf8')))),
      { subjectAlternativeName: `^${SAN.replace(/[.]/g, '\\.')}$` },
    );
    expect(signer.identity?.subjectAlternativeName).toBe(SAN);
  });

  it('verify-bundle picks the GitHub root by itself and gets to the identity check', async () => {
    // This release attestation carries no OIDC issuer extension (GitHub signs it itself), so an
    // identity policy, which always names an issuer, says UNTRUSTED_SIGNER — after the signature,
    // the chain to GitHub's Fulcio and the GitHub TSA timestamp have verified.
    const run = await runTrailmark(
      [
        'bundle',
        'verify-bundle',
        DIGEST,
        '--bundle',
        BUNDLE,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
      ],
      { cwd: REPO_ROOT },
    );
    expect(run.stdout).toMatch(
      /^FAILED: UNTRUSTED_SIGNER: bundle is signed by https:\/\/dotcom\.releases\.github\.com \(issuer unknown\)/,
    );
    expect(run.code).toBe(1);
  });

  it('the public-good root refuses it (no Rekor entry, no public-good TSA)', async () => {
    const run = await runTrailmark(
      [
        'bundle',
        'verify-bundle',
        DIGEST,
        '--bundle',
        BUNDLE,
        '--certificate-identity',
        SAN,
        '--certificate-oidc-issuer',
        'https://token.actions.githubusercontent.com',
        '--trusted-root',
        join(TRUST, 'public-good.trusted_root.json'),
      ],
      { cwd: REPO_ROOT },
    );
    expect(run.stdout).toMatch(/^FAILED: TRUST_ROOT_INVALID/);
    expect(run.code).toBe(1);
  });
});

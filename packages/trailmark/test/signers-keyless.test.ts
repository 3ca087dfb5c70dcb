import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AttestError, signStatement } from '@trailmark/attest';
import type { Statement } from '@trailmark/core';
import { startTestSigstore, type TestSigstore, type TestSigstoreOptions } from '@trailmark/testing';
import { createKeylessBundler, type KeylessBundlerOptions } from '../src/signers.js';
import { resolveIdentityToken } from '../src/oidc.js';
import { verifyKeylessBundle } from './signers-verify.js';

const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [
    {
      name: 'ghcr.io/acme/shop',
      digest: { sha256: createHash('sha256').update('image').digest('hex') },
    },
  ],
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' } },
};

const running: TestSigstore[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sigstore) => sigstore.close()));
});

async function start(options?: TestSigstoreOptions): Promise<TestSigstore> {
  const sigstore = await startTestSigstore(options);
  running.push(sigstore);
  return sigstore;
}

// The production path: token from the (fake) GitHub Actions endpoint, then keyless signing.
async function signKeyless(sigstore: TestSigstore, extra: Partial<KeylessBundlerOptions> = {}) {
  const identityToken = await resolveIdentityToken({ env: sigstore.actionsEnv });
  const bundler = createKeylessBundler({
    identityToken,
    fulcioURL: sigstore.fulcioURL,
    rekorURL: sigstore.rekorURL,
    tsaServerURL: sigstore.tsaServerURL,
    retry: 0,
    ...extra,
  });
  return signStatement(STATEMENT, bundler);
}

describe('keyless signing against the test Sigstore', () => {
  it('Fulcio certificate + Rekor dsse entry + RFC 3161 timestamp; verifies with the exact SAN and issuer', async () => {
    const sigstore = await start();
    const json = await signKeyless(sigstore);

    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(json.verificationMaterial.certificate?.rawBytes).toBeTruthy();
    expect(json.verificationMaterial.tlogEntries.map((entry) => entry.kindVersion)).toEqual([
      { kind: 'dsse', version: '0.0.1' },
    ]);
    expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    const signer = verifyKeylessBundle(json, sigstore.trustedRoot, {
      san: sigstore.san,
      issuer: sigstore.issuer,
      tlogs: 1,
      timestamps: 2,
    });
    expect(signer.identity?.subjectAlternativeName).toBe(
      'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    );
    expect(signer.identity?.extensions?.issuer).toBe('https://token.actions.githubusercontent.com');
  });

  it('a wrong SAN, a SAN prefix and a wrong issuer fail', async () => {
    const sigstore = await start();
    const json = await signKeyless(sigstore);
    const policy = { san: sigstore.san, issuer: sigstore.issuer, tlogs: 1, timestamps: 2 };
    const otherWorkflow = sigstore.san.replace('release.yml', 'deploy.yml');
    expect(() =>
      verifyKeylessBundle(json, sigstore.trustedRoot, { ...policy, san: otherWorkflow }),
    ).toThrow(/certificate identity error/);
    expect(() =>
      verifyKeylessBundle(json, sigstore.trustedRoot, {
        ...policy,
        san: 'https://github.com/acme',
      }),
    ).toThrow(/certificate identity error/);
    expect(() =>
      verifyKeylessBundle(json, sigstore.trustedRoot, {
        ...policy,
        san: sigstore.san.replace('.yml', 'xyml'),
      }),
    ).toThrow(/certificate identity error/);
    expect(() =>
      verifyKeylessBundle(json, sigstore.trustedRoot, {
        ...policy,
        issuer: 'https://accounts.google.com',
      }),
    ).toThrow(/invalid certificate extension/);
  });

  it("TSA only (GitHub's private-repo instance): no tlog entry, one timestamp", async () => {
    const sigstore = await start({ rekor: false });
    const json = await signKeyless(sigstore);
    expect(json.verificationMaterial).not.toHaveProperty('tlogEntries'); // protobuf JSON drops the empty list
    expect(json.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1);
    verifyKeylessBundle(json, sigstore.trustedRoot, {
      san: sigstore.san,
      issuer: sigstore.issuer,
      tlogs: 0,
      timestamps: 1,
    });
    expect(sigstore.requests.map((request) => request.service)).toEqual(['oidc', 'fulcio', 'tsa']);
  });

  it.each(['dsse', 'intoto'] as const)(
    'Rekor only, %s entry: verifies on the integrated time',
    async (rekorEntryType) => {
      const sigstore = await start({ tsa: false });
      const json = await signKeyless(sigstore, { rekorEntryType });
      expect(json.verificationMaterial.tlogEntries[0]?.kindVersion?.kind).toBe(rekorEntryType);
      verifyKeylessBundle(json, sigstore.trustedRoot, {
        san: sigstore.san,
        issuer: sigstore.issuer,
        tlogs: 1,
        timestamps: 1,
      });
    },
  );

  it('is not flaky: 20 fresh Sigstores, sign and verify each', async () => {
    const failures: string[] = [];
    for (let run = 0; run < 20; run++) {
      const sigstore = await startTestSigstore();
      try {
        const json = await signKeyless(sigstore);
        verifyKeylessBundle(json, sigstore.trustedRoot, {
          san: sigstore.san,
          issuer: sigstore.issuer,
          tlogs: 1,
          timestamps: 2,
        });
      } catch (error) {
        failures.push(`run ${run}: ${String(error)}`);
      } finally {
        await sigstore.close();
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe('keyless signing when a service is down', () => {
  it('Fulcio unreachable → ATTEST_SIGNING', async () => {
    const sigstore = await start();
    const token = sigstore.identityToken;
    const bundler = createKeylessBundler({
      identityToken: token,
      fulcioURL: 'http://127.0.0.1:1',
      rekorURL: sigstore.rekorURL,
      retry: 0,
    });
    const error = await signStatement(STATEMENT, bundler).then(
      () => undefined,
      (e: unknown) => e as AttestError,
    );
    expect(error).toBeInstanceOf(AttestError);
    expect(error?.code).toBe('ATTEST_SIGNING');
    expect(error?.message).toMatch(/error creating signing certificate.*ECONNREFUSED/);
  });

  it.each([
    ['fulcio', 'error creating signing certificate - (503)'],
    ['rekor', 'error creating tlog entry - (503)'],
    ['tsa', 'error creating timestamp - (503)'],
  ] as const)(
    '%s answering 503 → ATTEST_SIGNING after exactly 3 attempts (retry: 2)',
    async (service, message) => {
      const sigstore = await start({ down: [service] });
      const retry = { retries: 2, factor: 1, minTimeout: 5, maxTimeout: 5 };
      const error = await signKeyless(sigstore, { retry }).then(
        () => undefined,
        (e: unknown) => e as AttestError,
      );
      expect(error?.code).toBe('ATTEST_SIGNING');
      expect(error?.message).toContain(message);
      expect(sigstore.requests.filter((request) => request.service === service)).toHaveLength(3);
    },
  );
});

describe('createKeylessBundler refuses a configuration that cannot work', () => {
  const identityToken = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';

  it('needs Rekor or a TSA', () => {
    expect(() =>
      createKeylessBundler({ identityToken, fulcioURL: 'https://fulcio.example' }),
    ).toThrow(
      expect.objectContaining({
        code: 'INPUT_USAGE',
        message: expect.stringContaining('needs a Rekor URL or a TSA URL') as unknown,
      }),
    );
  });

  it('needs http(s) URLs', () => {
    expect(() =>
      createKeylessBundler({
        identityToken,
        fulcioURL: 'ftp://fulcio.example',
        tsaServerURL: 'https://tsa.example',
      }),
    ).toThrow('fulcioURL ftp://fulcio.example: expected an http(s) URL');
  });

  it('needs a JWT, and does not quote what it got', () => {
    const notAJwt = 'ghp_0123456789abcdefSECRET';
    const error = catchSync(() =>
      createKeylessBundler({
        identityToken: notAJwt,
        fulcioURL: 'https://fulcio.example',
        tsaServerURL: 'https://tsa.example',
      }),
    );
    expect(error.code).toBe('ATTEST_OIDC');
    expect(error.message).not.toContain(notAJwt);
  });
});

function catchSync(fn: () => unknown): AttestError {
  try {
    fn();
  } catch (error) {
    return error as AttestError;
  }
  throw new Error('expected an error');
}

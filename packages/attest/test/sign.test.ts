import { createHash, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { DSSEBundleBuilder, InternalError, type Signature, type Signer } from '@sigstore/sign';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { describe, expect, it } from 'vitest';
import { ForeignCause, toCanonicalJson, type Statement } from '@trailmark/core';
import { AttestError } from '../src/error.js';
import { signStatement, type Bundler } from '../src/sign.js';

const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'ghcr.io/acme/shop', digest: { sha256: 'a'.repeat(64) } }],
  predicateType: 'https://trailmark.dev/deployment-origin/v1',
  predicate: { z: 1, a: { y: [3, 1], b: 'x' } },
};

// A signer over an in-memory P-256 key: the injected role, as the facade's key signer would be.
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const hint = createHash('sha256')
  .update(publicKey.export({ type: 'spki', format: 'der' }))
  .digest('hex');
const signer: Signer = {
  sign: (data: Buffer): Promise<Signature> =>
    Promise.resolve({
      signature: nodeSign('sha256', data, privateKey),
      key: {
        $case: 'publicKey',
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        hint,
      },
    }),
};

function verify(json: unknown): void {
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
  const trust = toTrustMaterial(root, () => ({
    publicKey: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })),
    validFor: () => true,
  }));
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
    toSignedEntity(bundleFromJSON(json)),
  );
}

describe('signStatement', () => {
  it('signs the canonical JSON of the statement as an in-toto DSSE payload', async () => {
    const json = await signStatement(STATEMENT, new DSSEBundleBuilder({ signer, witnesses: [] }));
    expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(json.dsseEnvelope?.payloadType).toBe('application/vnd.in-toto+json');
    const payload = Buffer.from(json.dsseEnvelope?.payload ?? '', 'base64').toString('utf8');
    expect(payload).toBe(toCanonicalJson(STATEMENT));
    expect(payload).toBe(
      '{"_type":"https://in-toto.io/Statement/v1","predicate":{"a":{"b":"x","y":[3,1]},"z":1},"predicateType":"https://trailmark.dev/deployment-origin/v1","subject":[{"digest":{"sha256":"' +
        'a'.repeat(64) +
        '"},"name":"ghcr.io/acme/shop"}]}',
    );
    verify(json);
  });

  it('a tampered payload fails verification', async () => {
    const json = await signStatement(STATEMENT, new DSSEBundleBuilder({ signer, witnesses: [] }));
    const envelope = json.dsseEnvelope!;
    const forged = {
      ...json,
      dsseEnvelope: {
        ...envelope,
        payload: Buffer.from(toCanonicalJson({ ...STATEMENT, subject: [] })).toString('base64'),
      },
    };
    expect(() => {
      verify(forged);
    }).toThrow(/signature verification failed/);
  });

  it('a foreign bundler error becomes ATTEST_SIGNING named by its code, never by its message', async () => {
    const token = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJzZWNyZXQifQ.';
    const cause = new InternalError({
      code: 'IDENTITY_TOKEN_PARSE_ERROR',
      message: `invalid identity token: ${token}`,
    });
    const bundler: Bundler = { create: () => Promise.reject(cause) };
    const error = await failureOf(signStatement(STATEMENT, bundler));
    expect(error).toBeInstanceOf(AttestError);
    expect(error.code).toBe('ATTEST_SIGNING');
    expect(error.message).toBe(
      'signing the https://trailmark.dev/deployment-origin/v1 statement failed: IDENTITY_TOKEN_PARSE_ERROR',
    );
    // The cause is a scrubbed copy: the code stays, the token does not.
    expect(error.cause).toBeInstanceOf(ForeignCause);
    expect(error.cause).toMatchObject({ code: 'IDENTITY_TOKEN_PARSE_ERROR' });
    expect((error.cause as Error).message).toBe('invalid identity token: [REDACTED JWT]');
    expect((error.cause as Error).stack).not.toContain(token);
  });

  it("a trailmark error's message is kept", async () => {
    const cause = new AttestError(
      'ATTEST_SIGNING',
      'keyless signing failed: error creating tlog entry - (503) Service Unavailable',
    );
    const error = await failureOf(
      signStatement(STATEMENT, { create: () => Promise.reject(cause) }),
    );
    expect(error.message).toBe(
      `signing the https://trailmark.dev/deployment-origin/v1 statement failed: ${cause.message}`,
    );
  });

  it('a plain error is named by its class', async () => {
    const error = await failureOf(
      signStatement(STATEMENT, { create: () => Promise.reject(new TypeError('boom')) }),
    );
    expect(error.message).toMatch(/failed: TypeError$/);
  });
});

function failureOf(promise: Promise<unknown>): Promise<AttestError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as AttestError,
  );
}

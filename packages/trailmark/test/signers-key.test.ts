import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttestError, signStatement } from '@trailmark/attest';
import type { Statement, TrailmarkError } from '@trailmark/core';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { createKeyBundler, readKeyBundler } from '../src/signers.js';
import { tamperPayload, verifyKeyBundle } from './signers-verify.js';

const MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\n';
const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [
    {
      name: 'ghcr.io/acme/shop',
      digest: { sha256: createHash('sha256').update('image').digest('hex') },
    },
    {
      name: 'deploy/shop.yaml',
      digest: { sha256: createHash('sha256').update(MANIFEST).digest('hex') },
    },
  ],
  predicateType: 'https://trailmark.dev/deployment-origin/v1',
  predicate: {
    repository: { uri: 'https://github.com/acme/shop', commit: 'a'.repeat(40) },
    objects: [],
  },
};

function pem(key: { export(options: object): string | Buffer }, type: string): string {
  return key.export({ type, format: 'pem' }).toString();
}

const KEYS: Record<string, () => string> = {
  'ECDSA P-256, PKCS#8': () =>
    pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'pkcs8'),
  'ECDSA P-256, SEC1 "EC PRIVATE KEY"': () =>
    pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'sec1'),
  'ECDSA P-256 from `openssl ecparam -genkey` (EC PARAMETERS block first)': () =>
    execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey'], { encoding: 'utf8' }),
  'Ed25519, PKCS#8': () => pem(generateKeyPairSync('ed25519').privateKey, 'pkcs8'),
};

describe('createKeyBundler', () => {
  it.each(Object.entries(KEYS))(
    '%s: signs a statement that @sigstore/verify accepts, and a tampered payload fails',
    async (_name, makeKey) => {
      const { bundler, publicKeyPem, hint } = createKeyBundler(makeKey(), { keyFile: 'key.pem' });
      const json = await signStatement(STATEMENT, bundler);

      expect(json.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      expect(json.verificationMaterial.publicKey?.hint).toBe(hint);
      expect(json.dsseEnvelope?.signatures[0]?.keyid).toBe(hint);
      expect(json.dsseEnvelope?.payloadType).toBe('application/vnd.in-toto+json');
      expect(
        JSON.parse(Buffer.from(json.dsseEnvelope?.payload ?? '', 'base64').toString('utf8')),
      ).toEqual(STATEMENT);
      expect(verifyKeyBundle(json, publicKeyPem, hint).key.asymmetricKeyType).toBeDefined();
      expect(() => verifyKeyBundle(tamperPayload(json), publicKeyPem, hint)).toThrow(
        /signature verification failed/,
      );
    },
  );

  it('the hint is the hex sha256 of the SPKI DER public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const { hint, algorithm, publicKeyPem } = createKeyBundler(pem(privateKey, 'pkcs8'));
    expect(hint).toBe(
      createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    );
    expect(algorithm).toBe('ed25519');
    expect(publicKeyPem).toBe(pem(publicKey, 'spki'));
  });

  it("a bundle does not verify under another key's hint", async () => {
    const signer = createKeyBundler(KEYS['ECDSA P-256, PKCS#8']!());
    const other = createKeyBundler(KEYS['ECDSA P-256, PKCS#8']!());
    const json = await signStatement(STATEMENT, signer.bundler);
    expect(() => verifyKeyBundle(json, other.publicKeyPem, other.hint)).toThrow(/key not found/);
    // Same hint claimed, other key: the signature check fails.
    expect(() => verifyKeyBundle(json, other.publicKeyPem, signer.hint)).toThrow(
      /signature verification failed/,
    );
  });
});

describe('createKeyBundler refuses keys it cannot or must not use', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const BAD: Record<string, { key: string; message: RegExp }> = {
    'encrypted PKCS#8': {
      key: p256.privateKey
        .export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'hunter2-passphrase',
        })
        .toString(),
      message: /the key is encrypted/,
    },
    'encrypted SEC1 (Proc-Type: 4,ENCRYPTED)': {
      key: p256.privateKey
        .export({
          type: 'sec1',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: 'hunter2-passphrase',
        })
        .toString(),
      message: /the key is encrypted/,
    },
    'RSA, PKCS#8': {
      key: pem(rsa.privateKey, 'pkcs8'),
      message: /RSA keys are not supported; use ECDSA P-256 or Ed25519/,
    },
    'RSA, PKCS#1': { key: pem(rsa.privateKey, 'pkcs1'), message: /RSA keys are not supported/ },
    'ECDSA P-384': {
      key: pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'pkcs8'),
      message: /ECDSA curve secp384r1 is not supported/,
    },
    Ed448: {
      key: pem(generateKeyPairSync('ed448').privateKey, 'pkcs8'),
      message: /ED448 keys are not supported/,
    },
    'a public key': {
      key: pem(p256.publicKey, 'spki'),
      message: /holds a public key; signing needs the private key/,
    },
    garbage: { key: 'this is not a key\n', message: /not a PEM private key/ },
    'an empty file': { key: '', message: /not a PEM private key/ },
    'a corrupt PKCS#8 body': {
      key: pem(p256.privateKey, 'pkcs8').replace(
        /^([A-Za-z0-9+/]{10})[A-Za-z0-9+/]{6}/m,
        '$1AAAAAA',
      ),
      message: /not a readable PEM private key/,
    },
  };

  it.each(Object.entries(BAD))(
    '%s → ATTEST_KEY naming the file, no key material',
    (_name, { key, message }) => {
      const error = catchError(() => createKeyBundler(key, { keyFile: '/keys/signing.pem' }));
      expect(error).toBeInstanceOf(AttestError);
      expect(error.code).toBe('ATTEST_KEY');
      expect(error.message).toMatch(/^\/keys\/signing\.pem: /);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('\n');
      for (const secret of keyMaterial(key)) expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('readKeyBundler names a missing file', async () => {
    const error = await readKeyBundler('/nonexistent/trailmark.key', 'keys/trailmark.key').then(
      () => undefined,
      (e: unknown) => e as TrailmarkError,
    );
    expect(error?.code).toBe('INPUT_NOT_FOUND');
    expect(error?.message).toBe(
      'keys/trailmark.key: cannot read the signing key (--key): no such file or directory',
    );
  });

  describe('readKeyBundler', () => {
    let dir: TempDir;
    beforeAll(async () => (dir = await createTempDir()));
    afterAll(() => dir.cleanup());

    it('reads a key file and names it in errors', async () => {
      const good = join(dir.path, 'good.pem');
      const bad = join(dir.path, 'rsa.pem');
      await writeFile(good, KEYS['Ed25519, PKCS#8']!());
      await writeFile(bad, pem(rsa.privateKey, 'pkcs8'));
      expect((await readKeyBundler(good)).algorithm).toBe('ed25519');
      await expect(readKeyBundler(bad)).rejects.toThrow(`${bad}: RSA keys are not supported`);
    });
  });
});

function catchError(fn: () => unknown): AttestError {
  try {
    fn();
  } catch (error) {
    return error as AttestError;
  }
  throw new Error('expected an error');
}

// Every base64 run of the PEM body long enough to be recognisable.
function keyMaterial(key: string): string[] {
  return key
    .split('\n')
    .filter((line) => /^[A-Za-z0-9+/=]{16,}$/.test(line))
    .flatMap((line) => [line, line.slice(0, 16)]);
}

import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signStatement } from '@trailmark/attest';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { KEY_FILE_NAMES, writeKeyPair } from '../src/keygen.js';
import { readKeyBundler } from '../src/signers.js';
import { verifyKeyBundle } from './signers-verify.js';

let dir: TempDir;
beforeEach(async () => (dir = await createTempDir()));
afterEach(() => dir.cleanup());

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

describe('writeKeyPair', () => {
  it.each(['ecdsa-p256', 'ed25519'] as const)(
    '%s: PKCS#8 private key 0600, SPKI public key 0644, usable for signing',
    async (algorithm) => {
      const written = await writeKeyPair(dir.path, { algorithm });

      expect(written).toMatchObject({
        privateKey: join(dir.path, KEY_FILE_NAMES.privateKey),
        publicKey: join(dir.path, KEY_FILE_NAMES.publicKey),
        algorithm,
      });
      expect(await readFile(written.privateKey, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(await readFile(written.publicKey, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(await mode(written.privateKey)).toBe(0o600);
      expect(await mode(written.publicKey)).toBe(0o644);
      expect((await readdir(dir.path)).sort()).toEqual(['trailmark.key', 'trailmark.pub']); // no temp files left

      const signer = await readKeyBundler(written.privateKey);
      expect(signer.hint).toBe(written.hint);
      expect(signer.publicKeyPem).toBe(await readFile(written.publicKey, 'utf8'));
      const json = await signStatement(
        {
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'a', digest: { sha256: 'b'.repeat(64) } }],
          predicateType: 'https://example.com/t',
          predicate: {},
        },
        signer.bundler,
      );
      verifyKeyBundle(json, signer.publicKeyPem, signer.hint);
    },
  );

  it('a permissive umask does not widen the private key; a strict one narrows the public key', async () => {
    const previous = process.umask(0o000);
    try {
      const open = await writeKeyPair(join(dir.path, 'open'), { algorithm: 'ed25519' });
      expect(await mode(open.privateKey)).toBe(0o600);
      expect(await mode(open.publicKey)).toBe(0o644);
      process.umask(0o077);
      const strict = await writeKeyPair(join(dir.path, 'strict'), { algorithm: 'ed25519' });
      expect(await mode(strict.privateKey)).toBe(0o600);
      expect(await mode(strict.publicKey)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('writes to explicit paths, creating parent directories', async () => {
    const paths = {
      privateKey: join(dir.path, 'a/b/signing.pem'),
      publicKey: join(dir.path, 'c/signing.pub'),
    };
    const written = await writeKeyPair(paths, { algorithm: 'ecdsa-p256' });
    expect(written).toMatchObject(paths);
    expect(await mode(paths.privateKey)).toBe(0o600);
  });

  it.each(['privateKey', 'publicKey'] as const)(
    'refuses to overwrite an existing %s and writes nothing',
    async (which) => {
      const paths = { privateKey: join(dir.path, 'k.pem'), publicKey: join(dir.path, 'k.pub') };
      await writeFile(paths[which], 'precious\n');
      await expect(writeKeyPair(paths, { algorithm: 'ed25519' })).rejects.toThrow(
        expect.objectContaining({
          code: 'ATTEST_KEY',
          message: `${paths[which]} already exists; keygen never overwrites a key (move it away or choose another path)`,
        }),
      );
      expect(await readFile(paths[which], 'utf8')).toBe('precious\n');
      expect(await readdir(dir.path)).toEqual([which === 'privateKey' ? 'k.pem' : 'k.pub']);
    },
  );

  it('a file in the way of the directory is an input error naming the key file', async () => {
    const target = join(dir.path, 'file-not-dir');
    await writeFile(target, '');
    await expect(writeKeyPair(join(target, 'keys'), { algorithm: 'ed25519' })).rejects.toThrow(
      expect.objectContaining({
        code: 'INPUT_INVALID',
        message: `${join(target, 'keys', 'trailmark.key')}: cannot write the key file: a file stands where a directory is needed`,
      }),
    );
  });
});

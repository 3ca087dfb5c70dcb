import { foreignCause } from '@trailmark/core';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AttestError } from '@trailmark/attest';
import { createKeyBundler, type KeyAlgorithm } from './signers.js';

/** Where {@link writeKeyPair} writes. */
export interface KeyPairPaths {
  /** PKCS#8 PEM private key, mode 0600. */
  privateKey: string;
  /** SPKI PEM public key, mode 0644. */
  publicKey: string;
}

/** Options of {@link writeKeyPair}. */
export interface KeygenOptions {
  algorithm: KeyAlgorithm;
}

/** What {@link writeKeyPair} wrote. */
export interface KeyPairResult extends KeyPairPaths {
  algorithm: KeyAlgorithm;
  /** The public key hint bundles signed with this key carry. */
  hint: string;
}

/** File names used when {@link writeKeyPair} is given a directory. */
export const KEY_FILE_NAMES = { privateKey: 'trailmark.key', publicKey: 'trailmark.pub' } as const;

/**
 * Generates a key pair and writes it: into `target/trailmark.key` and `target/trailmark.pub`, or
 * to the given paths. Existing files are never overwritten (`ATTEST_KEY`). Each file is written to
 * a temporary sibling created with its final mode (0600 for the private key, so it is never
 * readable by others, not even briefly), synced, then hard-linked into place — `link` fails when the
 * destination exists, so a file that appeared meanwhile is not clobbered either.
 */
export async function writeKeyPair(
  target: string | KeyPairPaths,
  options: KeygenOptions,
): Promise<KeyPairResult> {
  const paths =
    typeof target === 'string'
      ? {
          privateKey: join(target, KEY_FILE_NAMES.privateKey),
          publicKey: join(target, KEY_FILE_NAMES.publicKey),
        }
      : target;
  for (const path of [paths.privateKey, paths.publicKey]) await refuseExisting(path);
  const pems = generatePems(options.algorithm);
  const written: string[] = [];
  try {
    await placeFile(paths.privateKey, pems.privateKey, 0o600);
    written.push(paths.privateKey);
    await placeFile(paths.publicKey, pems.publicKey, 0o644);
  } catch (error) {
    // Half a key pair is worse than none.
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
  const { hint } = createKeyBundler(pems.privateKey, { keyFile: paths.privateKey });
  return { ...paths, algorithm: options.algorithm, hint };
}

// The pair as PEM: PKCS#8 private, SPKI public.
function generatePems(algorithm: KeyAlgorithm): { privateKey: string; publicKey: string } {
  const pair =
    algorithm === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

async function refuseExisting(path: string): Promise<void> {
  const exists = await lstat(path).then(
    () => true,
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw cannotWrite(path, error);
    },
  );
  if (exists) throw alreadyExists(path);
}

function alreadyExists(path: string): AttestError {
  return new AttestError(
    'ATTEST_KEY',
    `${path} already exists; keygen never overwrites a key (move it away or choose another path)`,
  );
}

function cannotWrite(path: string, error: unknown): AttestError {
  return new AttestError(
    'ATTEST_KEY',
    `${path}: cannot write the key file (${(error as NodeJS.ErrnoException).code ?? 'write error'})`,
    { cause: foreignCause(error) },
  );
}

// Temp file created with `mode` (umask can only narrow it), synced, linked into place, unlinked.
async function placeFile(path: string, content: string, mode: number): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeNewFile(temp, content, mode, path);
    await link(temp, path);
  } catch (error) {
    if (error instanceof AttestError) throw error;
    throw (error as NodeJS.ErrnoException).code === 'EEXIST'
      ? alreadyExists(path)
      : cannotWrite(path, error);
  } finally {
    await rm(temp, { force: true });
  }
}

async function writeNewFile(
  temp: string,
  content: string,
  mode: number,
  path: string,
): Promise<void> {
  const handle = await open(temp, 'wx', mode);
  try {
    // A filesystem that ignores modes (some mounts) would leave the key readable by others.
    const { mode: actual } = await handle.stat();
    if ((actual & ~mode & 0o777) !== 0)
      throw new AttestError(
        'ATTEST_KEY',
        `${path}: the filesystem does not keep mode ${mode.toString(8)}`,
      );
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

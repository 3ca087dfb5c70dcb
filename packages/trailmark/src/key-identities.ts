import { resolve } from 'node:path';
import type { TrustedIdentity } from '@trailmark/verify';
import { readText } from './read-file.js';

/**
 * `--key FILE` (repeatable): each PEM public key as a trusted key identity named by its path.
 * The key itself is checked (ECDSA P-256/P-384 or Ed25519) when `verifyAttestations` compiles it.
 *
 * @throws TrailmarkError `INPUT_*` for a file that cannot be read.
 */
export async function readKeyIdentities(
  cwd: string,
  files: readonly string[],
): Promise<TrustedIdentity[]> {
  const identities: TrustedIdentity[] = [];
  for (const file of files) {
    const publicKeyPem = await readText(resolve(cwd, file), {
      path: file,
      expected: 'a PEM public key (--key)',
    });
    identities.push({ kind: 'key', publicKeyPem, name: file });
  }
  return identities;
}

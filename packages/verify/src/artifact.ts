import { createHash } from 'node:crypto';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { VerifyError } from './error.js';
import type { Artifact } from './types.js';

/** Hash names (Node's spelling) an artifact may be given or compared by. */
export type HashName = 'sha256' | 'sha384' | 'sha512';

/** An artifact after input checks: its bytes if given, and the hex digests we know. */
export interface ArtifactDigests {
  bytes?: Uint8Array;
  /** Hex digest for `name`, computing it from the bytes when needed; undefined if unknown. */
  digest(name: HashName): string | undefined;
}

const HEX_LENGTH: Readonly<Record<HashName, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/**
 * Checks and normalises the artifact input.
 *
 * @throws VerifyError `VERIFY_INVALID_INPUT` for a digest that is not lower- or upper-case hex of
 *   the right length.
 */
export function toArtifactDigests(artifact: Artifact): ArtifactDigests {
  if (artifact.kind === 'bytes') {
    const bytes = artifact.bytes;
    return { bytes, digest: (name) => createHash(name).update(bytes).digest('hex') };
  }
  const [name, hex] =
    'sha256' in artifact
      ? (['sha256', artifact.sha256] as const)
      : (['sha512', artifact.sha512] as const);
  if (!new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[name]}}$`).test(hex)) {
    throw new VerifyError(
      'VERIFY_INVALID_INPUT',
      `artifact ${name} digest must be ${HEX_LENGTH[name]} hex characters`,
    );
  }
  const known = hex.toLowerCase();
  return { digest: (wanted) => (wanted === name ? known : undefined) };
}

/** Message-digest algorithms we can compare; SHA-3 (used by LMS only) is not among them. */
const HASH_NAMES: ReadonlyMap<HashAlgorithm, HashName> = new Map([
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED, 'sha256'], // sigstore-js reads unspecified as SHA-256
  [HashAlgorithm.SHA2_256, 'sha256'],
  [HashAlgorithm.SHA2_384, 'sha384'],
  [HashAlgorithm.SHA2_512, 'sha512'],
]);

/** Node's name for a bundle's message-digest algorithm, or undefined if unsupported. */
export function hashNameOf(algorithm: HashAlgorithm): HashName | undefined {
  return HASH_NAMES.get(algorithm);
}

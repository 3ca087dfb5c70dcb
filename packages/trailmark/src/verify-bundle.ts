import { resolve } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import {
  parseBundle,
  parseTrustedRoot,
  verifyBundle,
  type Artifact,
  type BundlePolicy,
  type BundleVerdict,
} from '@trailmark/verify';
import { assetPath } from './assets.js';
import { readBytes, readText } from './read-file.js';

/** Options of {@link verifyBundleFile}: the sigstore-conformance `verify-bundle` inputs. */
export interface VerifyBundleFileOptions {
  cwd: string;
  bundle: string;
  /** A file path, or `sha256:<64 hex>`. */
  artifact: string;
  policy: { identity: string; issuer: string } | { keyPath: string };
  /** A trusted_root.json; default the bundled public-good (or staging) snapshot. */
  trustedRoot?: string;
  staging?: boolean;
}

/** Verifies one bundle against one artifact; a "no" is the verdict, never a throw. */
export async function verifyBundleFile(options: VerifyBundleFileOptions): Promise<BundleVerdict> {
  const bundle = parseBundle(
    await readText(resolve(options.cwd, options.bundle), {
      path: options.bundle,
      expected: 'the bundle (--bundle)',
    }),
  );
  const artifact = await readArtifact(options.artifact, options.cwd);
  const policy: BundlePolicy =
    'keyPath' in options.policy
      ? {
          kind: 'key',
          publicKeyPem: await readText(resolve(options.cwd, options.policy.keyPath), {
            path: options.policy.keyPath,
            expected: 'the public key (--key)',
          }),
        }
      : {
          kind: 'identity',
          subjectAlternativeName: options.policy.identity,
          issuer: options.policy.issuer,
        };
  const rootPath =
    options.trustedRoot === undefined
      ? assetPath('trust', `${options.staging ? 'staging' : 'public-good'}.trusted_root.json`)
      : resolve(options.cwd, options.trustedRoot);
  const needsRoot = policy.kind === 'identity' || options.trustedRoot !== undefined;
  const trustedRoot = needsRoot
    ? parseTrustedRoot(
        await readText(rootPath, {
          path: options.trustedRoot ?? rootPath,
          expected: 'the trusted root (--trusted-root)',
        }),
      )
    : undefined;
  return verifyBundle({ bundle, artifact, policy, ...(trustedRoot ? { trustedRoot } : {}) });
}

async function readArtifact(value: string, cwd: string): Promise<Artifact> {
  const digest = /^sha256:([0-9a-f]{64})$/.exec(value);
  if (digest?.[1] !== undefined) return { kind: 'digest', sha256: digest[1] };
  if (value.startsWith('sha256:'))
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `${value}: expected sha256:<64 lowercase hex> or a file`,
    );
  const bytes = await readBytes(resolve(cwd, value), { path: value, expected: 'the artifact' });
  return { kind: 'bytes', bytes };
}

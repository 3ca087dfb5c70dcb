import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TrailmarkError, foreignCause, type InputErrorCode } from '@trailmark/core';
import {
  parseBundle,
  parseTrustedRoot,
  verifyBundle,
  type Artifact,
  type BundlePolicy,
  type BundleVerdict,
} from '@trailmark/verify';
import { assetPath } from './assets.js';

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
  const bundle = parseBundle(await readText(options.bundle, options.cwd));
  const artifact = await readArtifact(options.artifact, options.cwd);
  const policy: BundlePolicy =
    'keyPath' in options.policy
      ? { kind: 'key', publicKeyPem: await readText(options.policy.keyPath, options.cwd) }
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
    ? parseTrustedRoot(await readText(rootPath, options.cwd))
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
  const bytes = await readFile(resolve(cwd, value)).catch((cause: unknown) => {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_NOT_FOUND',
      `${value}: cannot read the artifact`,
      { cause: foreignCause(cause) },
    );
  });
  return { kind: 'bytes', bytes };
}

async function readText(path: string, cwd: string): Promise<string> {
  return readFile(resolve(cwd, path), 'utf8').catch((cause: unknown) => {
    throw new TrailmarkError<InputErrorCode>('INPUT_NOT_FOUND', `${path}: cannot read`, {
      cause: foreignCause(cause),
    });
  });
}

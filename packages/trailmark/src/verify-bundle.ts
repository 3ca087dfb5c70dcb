import { X509Certificate } from 'node:crypto';
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
import { SIGSTORE_INSTANCES } from './sigstore-instance.js';

/** Options of {@link verifyBundleFile}: the sigstore-conformance `verify-bundle` inputs. */
export interface VerifyBundleFileOptions {
  cwd: string;
  bundle: string;
  /** A file path, or `sha256:<64 hex>`. */
  artifact: string;
  policy: { identity: string; issuer: string } | { keyPath: string };
  /**
   * A trusted_root.json; default a bundled snapshot: staging with `staging`, GitHub's instance for
   * a certificate GitHub's Fulcio issued, else public-good.
   */
  trustedRoot?: string;
  staging?: boolean;
}

/** Verifies one bundle against one artifact; a "no" is the verdict, never a throw. */
export async function verifyBundleFile(options: VerifyBundleFileOptions): Promise<BundleVerdict> {
  const bundleText = await readText(resolve(options.cwd, options.bundle), {
    path: options.bundle,
    expected: 'the bundle (--bundle)',
  });
  const bundle = parseBundle(bundleText);
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
      ? assetPath('trust', defaultRoot(bundleText, options.staging === true))
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

/**
 * The bundled root for a bundle: which CA issued its certificate only picks the root to check
 * against — the chain, timestamps and signature must still verify under that root, so naming
 * GitHub as issuer gains a forger nothing.
 */
function defaultRoot(bundleText: string, staging: boolean): string {
  if (staging) return 'staging.trusted_root.json';
  return issuedByGithub(bundleText)
    ? SIGSTORE_INSTANCES.github.trustedRoot
    : SIGSTORE_INSTANCES['public-good'].trustedRoot;
}

function issuedByGithub(bundleText: string): boolean {
  const material = (JSON.parse(bundleText) as { verificationMaterial?: Record<string, unknown> })
    .verificationMaterial;
  const leaf =
    (material?.certificate as { rawBytes?: unknown } | undefined)?.rawBytes ??
    (material?.x509CertificateChain as { certificates?: { rawBytes?: unknown }[] } | undefined)
      ?.certificates?.[0]?.rawBytes;
  if (typeof leaf !== 'string') return false;
  try {
    return /^O=GitHub\\?, Inc\.$/m.test(new X509Certificate(Buffer.from(leaf, 'base64')).issuer);
  } catch {
    return false; // not a certificate: the verifier reports it
  }
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

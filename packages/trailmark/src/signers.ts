import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  type KeyObject,
} from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type Signature,
  type Signer,
  type Witness,
} from '@sigstore/sign';
import { AttestError, type Bundler } from '@trailmark/attest';
import { TrailmarkError, foreignCause, type InputErrorCode } from '@trailmark/core';
import { claimsOf } from './oidc.js';
import { readText } from './read-file.js';

/** The signature algorithms trailmark signs with. */
export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

/** A bundler over a local key, and what a verifier needs to trust it. */
export interface KeyBundler {
  /** Produces bundle v0.3 with `verificationMaterial.publicKey.hint` and no tlog or timestamp. */
  bundler: Bundler;
  /** The public key, SPKI PEM. */
  publicKeyPem: string;
  /** Hex sha256 of the SPKI DER public key: the bundle's key hint and the DSSE `keyid`. */
  hint: string;
  algorithm: KeyAlgorithm;
}

/** Options of {@link createKeyBundler}. */
export interface KeyBundlerOptions {
  /** The key's file, named in error messages (default `the signing key`). */
  keyFile?: string;
  /** Encrypted keys are refused; there is no passphrase option. */
  passphrase?: never;
}

/**
 * A bundler signing with a PEM private key (PKCS#8 `PRIVATE KEY` or SEC1 `EC PRIVATE KEY`), ECDSA
 * P-256 or Ed25519. Anything else — RSA, other curves, encrypted keys, OpenSSH keys, public keys,
 * garbage — is `ATTEST_KEY` with a one-line message naming the file and never the key.
 */
export function createKeyBundler(pem: string, options: KeyBundlerOptions = {}): KeyBundler {
  const keyFile = options.keyFile ?? 'the signing key';
  const privateKey = parsePrivateKey(pem, keyFile);
  const signer = new KeySigner(privateKey, algorithmOf(privateKey, keyFile));
  return {
    bundler: new DSSEBundleBuilder({ signer, witnesses: [] }),
    publicKeyPem: signer.publicKeyPem,
    hint: signer.hint,
    algorithm: signer.algorithm,
  };
}

/** Reads `path` and {@link createKeyBundler}s it; an unreadable file is an input error naming it. */
export async function readKeyBundler(path: string, shown = path): Promise<KeyBundler> {
  const pem = await readText(path, { path: shown, expected: 'the signing key (--key)' });
  return createKeyBundler(pem, { keyFile: shown });
}

// The PEM labels say what a file is before any parser sees it (and before a passphrase prompt could).
function parsePrivateKey(pem: string, keyFile: string): KeyObject {
  const labels = [...pem.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((match) => match[1]);
  const refuse = (why: string, cause?: unknown): AttestError =>
    new AttestError('ATTEST_KEY', `${keyFile}: ${why}`, { cause: foreignCause(cause) });
  if (labels.includes('ENCRYPTED PRIVATE KEY') || /^Proc-Type: *4,ENCRYPTED/m.test(pem)) {
    throw refuse(
      'the key is encrypted; trailmark needs an unencrypted PKCS#8 or SEC1 PEM key (ECDSA P-256 or Ed25519)',
    );
  }
  if (!labels.includes('PRIVATE KEY') && !labels.includes('EC PRIVATE KEY'))
    throw refuse(whatElse(labels));
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    // Node's decoder errors name the failing step, never the key bytes.
    throw refuse('not a readable PEM private key', error);
  }
}

// Names what a file without a supported private-key block holds.
function whatElse(labels: readonly (string | undefined)[]): string {
  if (labels.includes('RSA PRIVATE KEY'))
    return 'RSA keys are not supported; use ECDSA P-256 or Ed25519';
  if (labels.includes('OPENSSH PRIVATE KEY'))
    return 'OpenSSH keys are not supported; use a PKCS#8 PEM key (`trailmark keygen`)';
  if (labels.some((label) => label?.includes('PUBLIC KEY') === true))
    return 'holds a public key; signing needs the private key';
  return 'not a PEM private key (expected "PRIVATE KEY" or "EC PRIVATE KEY")';
}

// Only P-256 and Ed25519: what Sigstore verifiers accept for DSSE with a public key hint.
function algorithmOf(key: KeyObject, keyFile: string): KeyAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
    if (curve === 'prime256v1') return 'ecdsa-p256';
    throw new AttestError(
      'ATTEST_KEY',
      `${keyFile}: ECDSA curve ${curve} is not supported; use P-256 or Ed25519`,
    );
  }
  const type = (key.asymmetricKeyType ?? 'unknown').toUpperCase();
  throw new AttestError(
    'ATTEST_KEY',
    `${keyFile}: ${type} keys are not supported; use ECDSA P-256 or Ed25519`,
  );
}

/** Signs the DSSE PAE with a local key; the bundle carries only the key's hint. */
class KeySigner implements Signer {
  readonly publicKeyPem: string;
  readonly hint: string;

  constructor(
    private readonly privateKey: KeyObject,
    readonly algorithm: KeyAlgorithm,
  ) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.hint = createHash('sha256')
      .update(publicKey.export({ type: 'spki', format: 'der' }))
      .digest('hex');
  }

  sign(data: Buffer): Promise<Signature> {
    // ECDSA: DER signature over sha256(PAE). Ed25519 takes no digest (pure EdDSA over the PAE).
    const signature = nodeSign(
      this.algorithm === 'ed25519' ? null : 'sha256',
      data,
      this.privateKey,
    );
    return Promise.resolve({
      signature,
      key: { $case: 'publicKey', publicKey: this.publicKeyPem, hint: this.hint },
    });
  }
}

/** Options of {@link createKeylessBundler}. Every URL is configurable; none has a default. */
export interface KeylessBundlerOptions {
  /** The OIDC token (see `resolveIdentityToken`). Never logged, never in an error. */
  identityToken: string;
  fulcioURL: string;
  /** Rekor v1 (public-good). At least one of `rekorURL` and `tsaServerURL` is needed. */
  rekorURL?: string | undefined;
  /** RFC 3161 timestamp authority (GitHub's private-repo instance uses a TSA and no Rekor). */
  tsaServerURL?: string | undefined;
  /** Rekor entry kind (default `dsse`, what GitHub's attest action writes; `intoto` also verifies). */
  rekorEntryType?: 'dsse' | 'intoto';
  /** Per-request timeout in ms (default 10 s). */
  fetchTimeout?: number | undefined;
  /** Retries per request on network errors, 408, 429 and 5xx (default 2, i.e. 3 attempts). */
  retry?: number | RetryOptions | undefined;
}

/** Back-off of the sigstore clients' retries (promise-retry's options). */
export interface RetryOptions {
  retries: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
}

/**
 * A keyless bundler: an ephemeral P-256 key certified by Fulcio for the token's identity, witnessed
 * by Rekor and/or a TSA. Any failure is `ATTEST_SIGNING` (the CLI's exit 3) whose message and cause
 * chain are scrubbed of the token — sigstore-js itself quotes the token in some messages.
 */
export function createKeylessBundler(options: KeylessBundlerOptions): Bundler {
  claimsOf(options.identityToken); // a non-JWT fails here as ATTEST_OIDC, not inside sigstore-js
  const fetchOptions = { timeout: options.fetchTimeout ?? 10_000, retry: options.retry ?? 2 };
  const signer = new FulcioSigner({
    identityProvider: { getToken: () => Promise.resolve(options.identityToken) },
    fulcioBaseURL: serviceURL('fulcioURL', options.fulcioURL),
    ...fetchOptions,
  });
  const builder = new DSSEBundleBuilder({ signer, witnesses: witnessesOf(options, fetchOptions) });
  return {
    create: (artifact: { data: Buffer; type: string }) =>
      createScrubbed(builder, artifact, options.identityToken),
  };
}

// Rekor and/or TSA; a bundle with neither has no trusted time, so no verifier would accept it.
function witnessesOf(
  options: KeylessBundlerOptions,
  fetchOptions: { timeout: number; retry: number | RetryOptions },
): Witness[] {
  const witnesses: Witness[] = [];
  if (options.rekorURL !== undefined) {
    const rekorBaseURL = serviceURL('rekorURL', options.rekorURL);
    // fetchOnConflict: a retried POST whose first attempt was logged gets 409; fetch that entry.
    witnesses.push(
      new RekorWitness({
        rekorBaseURL,
        entryType: options.rekorEntryType ?? 'dsse',
        fetchOnConflict: true,
        ...fetchOptions,
      }),
    );
  }
  if (options.tsaServerURL !== undefined)
    witnesses.push(
      new TSAWitness({
        tsaBaseURL: serviceURL('tsaServerURL', options.tsaServerURL),
        ...fetchOptions,
      }),
    );
  if (witnesses.length === 0) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      'keyless signing needs a Rekor URL or a TSA URL (or both) to timestamp the signature',
    );
  }
  return witnesses;
}

// An http(s) URL without a trailing slash (the clients append their API paths).
function serviceURL(name: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `${name} ${value}: expected an http(s) URL`,
    );
  }
  return value.replace(/\/+$/, '');
}

// Runs the builder; a failure leaves as ATTEST_SIGNING with every message in the chain scrubbed.
async function createScrubbed(
  builder: DSSEBundleBuilder,
  artifact: { data: Buffer; type: string },
  token: string,
): Promise<Bundle> {
  try {
    return await builder.create(artifact);
  } catch (error) {
    const cause = foreignCause(error, secretsOf(token));
    throw new AttestError('ATTEST_SIGNING', `keyless signing failed: ${chainMessage(cause)}`, {
      cause,
    });
  }
}

// The token and each of its parts long enough to be recognisable on their own.
function secretsOf(token: string): string[] {
  return [token, ...token.split('.').filter((part) => part.length >= 16)];
}

// "outer: inner: innermost", skipping repeats, for a one-line diagnostic (already scrubbed).
function chainMessage(error: Error | undefined): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    const message = current.message;
    if (message !== '' && !parts.some((part) => part.includes(message))) parts.push(message);
    current = current.cause;
  }
  return parts.join(': ') || 'unknown error';
}

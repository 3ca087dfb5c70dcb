import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';

// Bundles signed with a bare key, built at test time the way sigstore-js's DSSEBundleBuilder and
// MessageSignatureBundleBuilder lay them out (v0.3, publicKey hint, no log entries).

type Json = Record<string, unknown>;

/** A fresh key pair of the given kind, with its public key as PEM. */
export function keyPair(kind: 'p256' | 'p384' | 'ed25519' | 'rsa'): {
  privateKey: KeyObject;
  publicKeyPem: string;
} {
  const { privateKey, publicKey } =
    kind === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : kind === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: kind === 'p256' ? 'prime256v1' : 'secp384r1' });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** An in-toto statement naming `artifact` by SHA-256. */
export function statementFor(artifact: Uint8Array, name = 'app.tgz'): Json {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: createHash('sha256').update(artifact).digest('hex') } }],
    predicateType: 'https://trailmark.dev/test/v1',
    predicate: {},
  };
}

/** A v0.3 DSSE bundle over `payload`, signed with `privateKey`. */
export function keyDsseBundle(
  privateKey: KeyObject,
  payload: Buffer,
  payloadType = 'application/vnd.in-toto+json',
): Json {
  const pae = Buffer.concat([
    Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${payload.length} `),
    payload,
  ]);
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: hintOf(privateKey) }, tlogEntries: [] },
    dsseEnvelope: {
      payload: payload.toString('base64'),
      payloadType,
      signatures: [
        { sig: signWith(privateKey, pae).toString('base64'), keyid: hintOf(privateKey) },
      ],
    },
  };
}

/** A v0.3 message-signature bundle over `artifact`, signed with `privateKey`. */
export function keyMessageBundle(privateKey: KeyObject, artifact: Uint8Array): Json {
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: hintOf(privateKey) }, tlogEntries: [] },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(artifact).digest('base64'),
      },
      signature: signWith(privateKey, artifact).toString('base64'),
    },
  };
}

function signWith(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign(privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, privateKey);
}

// sigstore-js's hint: the hex SHA-256 of the public key's SPKI.
function hintOf(privateKey: KeyObject): string {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

// Test helper: verification with @sigstore/verify, the way a verifier of trailmark bundles would.
import { createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial, type Signer } from '@sigstore/verify';

const EMPTY_ROOT = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/** Verifies a public-key bundle: only the signature, so every threshold is 0. */
export function verifyKeyBundle(json: unknown, publicKeyPem: string, hint: string): Signer {
  const trust = toTrustMaterial(TrustedRoot.fromJSON(EMPTY_ROOT), (wanted) => {
    if (wanted !== hint) throw new Error(`key not found: ${wanted}`);
    return { publicKey: createPublicKey(publicKeyPem), validFor: () => true };
  });
  return new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
    toSignedEntity(bundleFromJSON(json)),
  );
}

/** `^…$` around the escaped identity: @sigstore/verify matches the SAN policy as an unanchored regex. */
export function exactly(identity: string): string {
  return `^${identity.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

/** Verifies a keyless bundle against a trusted root, the exact SAN and the issuer. */
export function verifyKeylessBundle(
  json: unknown,
  trustedRoot: unknown,
  policy: { san: string; issuer: string; tlogs: number; timestamps: number },
): Signer {
  const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    tlogThreshold: policy.tlogs,
    ctlogThreshold: 1,
    timestampThreshold: policy.timestamps,
  });
  return verifier.verify(toSignedEntity(bundleFromJSON(json)), {
    subjectAlternativeName: exactly(policy.san),
    extensions: { issuer: policy.issuer },
  });
}

/** The bundle with one byte of the DSSE payload changed. */
export function tamperPayload<T>(json: T): T {
  const copy = structuredClone(json) as { dsseEnvelope: { payload: string } };
  const payload = Buffer.from(copy.dsseEnvelope.payload, 'base64');
  const at = payload.length - 2;
  payload.writeUInt8(payload.readUInt8(at) ^ 1, at);
  copy.dsseEnvelope.payload = payload.toString('base64');
  return copy as T;
}

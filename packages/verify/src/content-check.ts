import type { KeyObject } from 'node:crypto';
import type { Bundle, Envelope, MessageSignature } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE } from '@trailmark/core';
import { hashNameOf, type ArtifactDigests } from './artifact.js';
import { supportsPrehashedEcdsa } from './ecdsa-prehashed.js';
import { VerifyError } from './error.js';
import { DsseContent, MessageContent, type SignatureContent } from './signed-content.js';
import {
  describeSubjects,
  parseStatement,
  statementNamesArtifact,
  type ParsedStatement,
} from './statement.js';
import type { BundleVerdictCode } from './types.js';

/** A negative finding: verdict code and one-line reason. */
export interface Finding {
  code: BundleVerdictCode;
  reason: string;
}

/** The key to check the signature with, and how to name it in reasons. */
export interface SignerKey {
  key: KeyObject;
  label: string;
}

/** The signed content, once its signature verified and it was bound to the artifact. */
export interface CheckedContent {
  content: SignatureContent;
  statement?: ParsedStatement;
}

/**
 * Checks the bundle's signature with the signer's key and binds the content to the artifact:
 * a message digest must equal the artifact's; a DSSE envelope must carry an in-toto statement
 * naming the artifact. Trust in the key is NOT established here.
 *
 * `artifact: 'any-statement'` accepts a DSSE envelope carrying any in-toto statement, whatever it
 * names (one attestation can cover many images; the caller binds subjects later). A message
 * signature names no statement, so it is then an ARTIFACT_MISMATCH.
 */
export function checkContent(
  bundle: Bundle,
  artifact: ArtifactDigests | 'any-statement',
  signerKey: SignerKey,
): CheckedContent | Finding {
  switch (bundle.content.$case) {
    case 'messageSignature':
      if (artifact === 'any-statement') {
        return {
          code: 'ARTIFACT_MISMATCH',
          reason: 'the bundle is a message signature, not an in-toto attestation (DSSE)',
        };
      }
      return checkMessage(bundle.content.messageSignature, artifact, signerKey);
    case 'dsseEnvelope': {
      // Rekor v2 logs a DSSE envelope as a hashedrekord over its PAE.
      const paeDigest = bundle.verificationMaterial.tlogEntries.some(
        (e) => e.kindVersion?.kind === 'hashedrekord',
      );
      return checkDsse(bundle.content.dsseEnvelope, paeDigest, artifact, signerKey);
    }
  }
}

// Message signature: digest binding first (the signature is over the artifact itself).
function checkMessage(
  message: MessageSignature,
  artifact: ArtifactDigests,
  { key, label }: SignerKey,
): CheckedContent | Finding {
  const claimed = message.messageDigest;
  const hash = hashNameOf(claimed.algorithm);
  if (hash === undefined) {
    throw new VerifyError(
      'VERIFY_INVALID_BUNDLE',
      'bundle message digest uses an unsupported hash algorithm',
    );
  }
  const actual = artifact.digest(hash);
  if (actual === undefined) {
    throw new VerifyError(
      'VERIFY_INVALID_INPUT',
      `bundle signs a ${hash} digest; give the artifact bytes or its ${hash} digest`,
    );
  }
  const claimedHex = Buffer.from(claimed.digest).toString('hex');
  if (actual !== claimedHex) {
    return {
      code: 'ARTIFACT_MISMATCH',
      reason: `artifact ${hash} ${actual} is not the bundle's message digest ${claimedHex}`,
    };
  }
  requireCheckable(artifact, key);
  const content = new MessageContent(message, {
    ...bytesOf(artifact),
    digest: Buffer.from(actual, 'hex'),
    hash,
  });
  if (!content.verifySignature(key)) {
    return {
      code: 'SIGNATURE_INVALID',
      reason: `the message signature does not verify over the artifact with ${label}`,
    };
  }
  return { content };
}

// DSSE: the signature first (it covers payload type and payload), then the statement.
function checkDsse(
  envelope: Envelope,
  paeDigest: boolean,
  artifact: ArtifactDigests | 'any-statement',
  { key, label }: SignerKey,
): CheckedContent | Finding {
  const content = new DsseContent(envelope, paeDigest);
  if (!content.verifySignature(key)) {
    return {
      code: 'SIGNATURE_INVALID',
      reason: `the DSSE signature does not verify over the envelope with ${label}`,
    };
  }
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return {
      code: 'ARTIFACT_MISMATCH',
      reason: `the DSSE payloadType is ${JSON.stringify(envelope.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    };
  }
  const statement = parseStatement(envelope.payload);
  if (typeof statement === 'string') return { code: 'ARTIFACT_MISMATCH', reason: statement };
  if (artifact !== 'any-statement' && !statementNamesArtifact(statement, artifact)) {
    return {
      code: 'ARTIFACT_MISMATCH',
      reason: `no subject of the in-toto statement has the artifact's digest (subjects: ${describeSubjects(statement)})`,
    };
  }
  return { content, statement };
}

// Without the bytes only an ECDSA signature can be checked (over the digest).
function requireCheckable(artifact: ArtifactDigests, key: KeyObject): void {
  if (artifact.bytes !== undefined || supportsPrehashedEcdsa(key)) return;
  throw new VerifyError(
    'VERIFY_INVALID_INPUT',
    `a ${key.asymmetricKeyType ?? 'non-ECDSA'} message signature can only be checked against the artifact bytes, not a digest`,
  );
}

function bytesOf(artifact: ArtifactDigests): { bytes?: Uint8Array } {
  return artifact.bytes === undefined ? {} : { bytes: artifact.bytes };
}

/** True for a {@link Finding}. */
export function isFinding(value: CheckedContent | Finding): value is Finding {
  return 'code' in value;
}

import { foreignCause } from '@trailmark/core';
import { X509Certificate, crypto } from '@sigstore/core';
import type {
  CertificateAuthority,
  TimeRange,
  TransparencyLogInstance,
} from '@sigstore/protobuf-specs';
import { VerifyError } from './error.js';

/** A certificate authority or TSA: a validity start and a chain of decodable certificates. */
export function checkAuthority(ca: CertificateAuthority, where: string): void {
  const name = `${where}${ca.uri === '' ? '' : ` (${ca.uri})`}`;
  checkWindow(ca.validFor, name);
  const certificates = ca.certChain?.certificates ?? [];
  if (certificates.length === 0) throw malformed(name, 'has an empty certChain');
  certificates.forEach((cert, i) => {
    try {
      X509Certificate.parse(Buffer.from(cert.rawBytes));
    } catch (err) {
      throw malformed(name, `has an undecodable certChain.certificates[${i}]`, err);
    }
  });
}

/** A transparency or CT log: a log id, a decodable key and a validity start on that key. */
export function checkLog(log: TransparencyLogInstance, where: string): void {
  const name = `${where}${log.baseUrl === '' ? '' : ` (${log.baseUrl})`}`;
  if (log.logId === undefined || log.logId.keyId.length === 0)
    throw malformed(name, 'has no logId.keyId');
  const key = log.publicKey;
  if (key?.rawBytes === undefined || key.rawBytes.length === 0)
    throw malformed(name, 'has no publicKey.rawBytes');
  checkWindow(key.validFor, `${name} publicKey`);
  decodeKey(Buffer.from(key.rawBytes), name);
}

// SPKI, or PKCS#1 for the legacy RSA encodings (as @sigstore/verify reads them).
function decodeKey(raw: Buffer, name: string): void {
  try {
    crypto.createPublicKey(raw, 'spki');
  } catch {
    try {
      crypto.createPublicKey(raw, 'pkcs1');
    } catch (err) {
      throw malformed(name, 'has an undecodable publicKey', err);
    }
  }
}

// validFor.start is required; an end, when given, must not precede it.
function checkWindow(window: TimeRange | undefined, name: string): void {
  const start = window?.start;
  if (start === undefined) throw malformed(name, 'has no validFor.start');
  if (Number.isNaN(start.getTime())) throw malformed(name, 'has an unreadable validFor.start');
  const end = window?.end;
  if (end === undefined) return;
  if (Number.isNaN(end.getTime())) throw malformed(name, 'has an unreadable validFor.end');
  if (end < start) throw malformed(name, 'has a validFor.end before its validFor.start');
}

function malformed(name: string, problem: string, cause?: unknown): VerifyError {
  return new VerifyError(
    'VERIFY_INVALID_TRUSTED_ROOT',
    `trusted root ${name} ${problem}`,
    cause === undefined ? {} : { cause: foreignCause(cause) },
  );
}

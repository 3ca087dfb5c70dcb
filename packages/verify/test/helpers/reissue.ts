import { sign, type KeyObject } from 'node:crypto';
import { ASN1Obj, X509Certificate } from '@sigstore/core';

const SCT_OID = '1.3.6.1.4.1.11129.2.4.2';

/** How {@link reissue} changes a certificate before signing it again. */
export interface Reissue {
  /** The key that signs the new certificate, with the original's signature algorithm. */
  signer: KeyObject;
  /** A new validity window. */
  validity?: { notBefore: Date; notAfter: Date };
  /** A new subject public key (SPKI DER). */
  publicKey?: Buffer;
  /** Drop the embedded SCTs (a re-signed TBS no longer matches them). */
  withoutScts?: boolean;
}

/**
 * `der` (an X.509 certificate) with its TBS edited as asked, signed by `signer`. Issuer name,
 * authority and subject key identifiers and every other field stay as they were: a forgery that
 * claims exactly the issuer the original names.
 */
export function reissue(der: Buffer, options: Reissue): Buffer {
  const cert = ASN1Obj.parseBuffer(Buffer.from(der));
  const [tbs, algorithm] = cert.subs as [ASN1Obj, ASN1Obj];
  const fields = [...tbs.subs];
  if (options.validity !== undefined) fields[4] = validity(fields[4]!, options.validity);
  if (options.publicKey !== undefined)
    fields[6] = ASN1Obj.parseBuffer(Buffer.from(options.publicKey));
  if (options.withoutScts === true) {
    const at = fields.findIndex((field) => field.tag.isContextSpecific(0x03));
    fields[at] = withoutScts(fields[at]!);
  }
  const newTbs = new ASN1Obj(tbs.tag, tbs.value, fields).toDER();
  const signature = sign(
    X509Certificate.parse(Buffer.from(der)).signatureAlgorithm,
    newTbs,
    options.signer,
  );
  return tlv(0x30, newTbs, algorithm.toDER(), tlv(0x03, Buffer.from([0]), signature));
}

function validity(old: ASN1Obj, window: { notBefore: Date; notAfter: Date }): ASN1Obj {
  const time = (template: ASN1Obj, date: Date) =>
    new ASN1Obj(template.tag, Buffer.from(utcTime(date), 'ascii'), []);
  return new ASN1Obj(old.tag, old.value, [
    time(old.subs[0]!, window.notBefore),
    time(old.subs[1]!, window.notAfter),
  ]);
}

function withoutScts(extensions: ASN1Obj): ASN1Obj {
  const list = extensions.subs[0]!;
  const kept = list.subs.filter((ext) => ext.subs[0]!.toOID() !== SCT_OID);
  return new ASN1Obj(extensions.tag, extensions.value, [new ASN1Obj(list.tag, list.value, kept)]);
}

// YYMMDDHHMMSSZ (UTCTime; the test certificates are all before 2050).
function utcTime(date: Date): string {
  return `${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
}

function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const value = Buffer.concat(parts);
  const length =
    value.length < 128
      ? Buffer.from([value.length])
      : value.length < 256
        ? Buffer.from([0x81, value.length])
        : Buffer.from([0x82, value.length >> 8, value.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, value]);
}

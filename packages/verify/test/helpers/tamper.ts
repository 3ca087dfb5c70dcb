/** Ways to damage a bundle's JSON, for "a tampered copy must not verify". */

type Json = Record<string, unknown>;

/** A copy of `bundle` with one byte of its signature flipped (message or DSSE). */
export function flipSignatureByte(bundle: Json): Json {
  const copy = structuredClone(bundle);
  const message = copy.messageSignature as Json | undefined;
  if (message !== undefined) {
    message.signature = flipLastByte(message.signature as string);
    return copy;
  }
  const signature = ((copy.dsseEnvelope as Json).signatures as Json[])[0]!;
  signature.sig = flipLastByte(signature.sig as string);
  return copy;
}

/** A copy of a DSSE `bundle` with one payload byte flipped, inside the last JSON string so it stays JSON. */
export function flipPayloadByte(bundle: Json): Json {
  const copy = structuredClone(bundle);
  const envelope = copy.dsseEnvelope as Json;
  const payload = Buffer.from(envelope.payload as string, 'base64');
  const at = payload.lastIndexOf('"'.charCodeAt(0)) - 1; // inside the last string value: still JSON
  payload[at] = payload[at]! ^ 0x01;
  envelope.payload = payload.toString('base64');
  return copy;
}

function flipLastByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
  return bytes.toString('base64');
}

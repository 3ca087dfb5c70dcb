// DSSE's pre-authentication encoding, written here from the spec (secure-systems-lab/dsse
// protocol.md v1.0.2) rather than taken from trailmark or sigstore-js, so the baseline signs bytes
// computed independently of the code it is compared with.
//
//   PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
//   SP = 0x20; LEN = ASCII decimal byte length, no leading zeros.

/** PAE of `body` (bytes) under payload type `type`. */
export function pae(type, body) {
  const head = `DSSEv1 ${Buffer.byteLength(type, 'utf8')} ${type} ${body.length} `;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

// The spec's test vector; checked on load so a wrong PAE cannot be benchmarked.
const VECTOR = pae('http://example.com/HelloWorld', Buffer.from('hello world'));
if (VECTOR.toString('utf8') !== 'DSSEv1 29 http://example.com/HelloWorld 11 hello world') {
  throw new Error(`PAE does not match the DSSE test vector: ${VECTOR.toString('utf8')}`);
}

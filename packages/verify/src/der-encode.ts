import { ASN1Obj } from '@sigstore/core';

/**
 * The DER of a parsed ASN.1 tree, byte for byte what `ASN1Obj.toDER()` of `@sigstore/core` 3.2.1
 * writes (tag, length, then the value or the children's encodings), computed in one pass into a
 * buffer of the exact size instead of a growing kilobyte buffer per node.
 */
export function encodeDer(obj: ASN1Obj): Buffer {
  const sizes = new Map<ASN1Obj, number>();
  const out = Buffer.alloc(sizeOf(obj, sizes));
  write(obj, out, 0, sizes);
  return out;
}

// Length of the value (children's encodings, or the primitive value) and of the whole element.
function sizeOf(obj: ASN1Obj, sizes: Map<ASN1Obj, number>): number {
  let value = 0;
  if (obj.subs.length > 0) for (const sub of obj.subs) value += sizeOf(sub, sizes);
  else value = obj.value.length;
  sizes.set(obj, value);
  return 1 + lengthBytes(value) + value;
}

function write(obj: ASN1Obj, out: Buffer, at: number, sizes: Map<ASN1Obj, number>): number {
  const value = sizes.get(obj) ?? 0;
  out[at] = obj.tag.toDER() & 0xff;
  let pos = writeLength(value, out, at + 1);
  if (obj.subs.length > 0) for (const sub of obj.subs) pos = write(sub, out, pos, sizes);
  else pos += obj.value.copy(out, pos);
  return pos;
}

// Short form below 128, else 0x80 | count followed by the big-endian bytes (as encodeLength).
function lengthBytes(len: number): number {
  if (len < 128) return 1;
  let count = 0;
  for (let rest = len; rest > 0; rest = Math.floor(rest / 256)) count += 1;
  return 1 + count;
}

function writeLength(len: number, out: Buffer, at: number): number {
  const total = lengthBytes(len);
  if (total === 1) {
    out[at] = len;
    return at + 1;
  }
  out[at] = 0x80 | (total - 1);
  let rest = len;
  for (let i = total - 1; i >= 1; i -= 1) {
    out[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return at + total;
}

/**
 * A parsed ASN.1 node whose `toDER()` is {@link encodeDer}: the same bytes, in one pass. The
 * library re-encodes trees it has just parsed (a certificate's TBS without its SCT extension for
 * each SCT, an RFC 3161 timestamp's signed attributes and TSTInfo); on these nodes that costs one
 * buffer instead of a kilobyte buffer per node. Nothing is remembered: a changed tree encodes as
 * changed.
 */
class DerNode extends ASN1Obj {
  override toDER(): Buffer {
    return encodeDer(this);
  }
}

/** A copy of `obj`'s tree made of {@link DerNode}s (the values are shared, the child lists not). */
export function encodedTree(obj: ASN1Obj): ASN1Obj {
  return new DerNode(obj.tag, obj.value, obj.subs.map(encodedTree));
}

import type { KeyObject } from 'node:crypto';
import { ASN1Obj } from '@sigstore/core';

// Why this file exists: a Sigstore message signature is ECDSA over the artifact's digest, and the
// conformance protocol may hand us only that digest (`sha256:<hex>`). Node's crypto has no
// "verify a pre-hashed message" call for ECDSA (sigstore-js's own conformance CLI pulls in
// `elliptic` for the same reason). Verification needs public values only, so plain BigInt
// arithmetic is safe here; it is tested against signatures made by Node's crypto.

interface Curve {
  p: bigint;
  n: bigint;
  a: bigint;
  g: Point;
}
type Point = { x: bigint; y: bigint } | undefined; // undefined = the point at infinity

const P256: Curve = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
  g: {
    x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
  },
};

const P384: Curve = {
  p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
  n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
  g: {
    x: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    y: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  },
};

const CURVES: ReadonlyMap<string, Curve> = new Map([
  ['P-256', P256],
  ['P-384', P384],
]);

/** True when `key` is an EC key on a curve {@link verifyPrehashedEcdsa} handles. */
export function supportsPrehashedEcdsa(key: KeyObject): boolean {
  const jwk = key.export({ format: 'jwk' });
  return jwk.kty === 'EC' && CURVES.has(jwk.crv ?? '');
}

/**
 * Verifies a DER-encoded ECDSA `signature` (P-256 or P-384) over an already computed `digest`
 * (SEC 1 §4.1.4). Returns false for any malformed input.
 */
export function verifyPrehashedEcdsa(
  digest: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
): boolean {
  const jwk = key.export({ format: 'jwk' });
  const curve = CURVES.get(jwk.crv ?? '');
  const rs = readSignature(signature);
  if (curve === undefined || jwk.x === undefined || jwk.y === undefined || rs === undefined)
    return false;
  const [r, s] = rs;
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return false;
  const q: Point = {
    x: fromBytes(Buffer.from(jwk.x, 'base64url')),
    y: fromBytes(Buffer.from(jwk.y, 'base64url')),
  };
  const w = invert(s, curve.n);
  const e = truncatedDigest(digest, curve.n);
  const point = add(
    multiply((e * w) % curve.n, curve.g, curve),
    multiply((r * w) % curve.n, q, curve),
    curve,
  );
  return point !== undefined && point.x % curve.n === r;
}

// DER SEQUENCE { INTEGER r, INTEGER s }, or undefined.
function readSignature(signature: Uint8Array): [bigint, bigint] | undefined {
  try {
    const seq = ASN1Obj.parseBuffer(Buffer.from(signature));
    const [r, s] = seq.subs;
    if (seq.subs.length !== 2 || r === undefined || s === undefined) return undefined;
    if (!r.tag.isInteger() || !s.tag.isInteger()) return undefined;
    return [r.toInteger(), s.toInteger()];
  } catch {
    return undefined; // not DER: simply not a valid signature
  }
}

// The leftmost bitlen(n) bits of the digest, as an integer.
function truncatedDigest(digest: Uint8Array, n: bigint): bigint {
  const excess = digest.length * 8 - n.toString(2).length;
  const e = fromBytes(digest);
  return excess > 0 ? e >> BigInt(excess) : e;
}

function fromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

// Modular inverse by the extended Euclidean algorithm (m prime, a ≠ 0 mod m).
function invert(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

// Affine point addition (doubling when p1 = p2).
function add(p1: Point, p2: Point, c: Curve): Point {
  if (p1 === undefined) return p2;
  if (p2 === undefined) return p1;
  if (p1.x === p2.x && mod(p1.y + p2.y, c.p) === 0n) return undefined;
  const slope =
    p1.x === p2.x
      ? mod((3n * p1.x * p1.x + c.a) * invert(2n * p1.y, c.p), c.p)
      : mod((p2.y - p1.y) * invert(p2.x - p1.x, c.p), c.p);
  const x = mod(slope * slope - p1.x - p2.x, c.p);
  return { x, y: mod(slope * (p1.x - x) - p1.y, c.p) };
}

// Double-and-add scalar multiplication.
function multiply(k: bigint, point: Point, c: Curve): Point {
  let result: Point = undefined;
  let addend = point;
  for (let rest = k; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = add(result, addend, c);
    addend = add(addend, addend, c);
  }
  return result;
}

// snappyjs 0.7.0 ships no types; the two functions used, as its index.js defines them.
declare module 'snappyjs' {
  /** Snappy block format → bytes; throws when the stream is invalid or longer than `maxLength`. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Bytes → Snappy block format. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

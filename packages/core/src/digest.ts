import { hash } from 'node:crypto';
import { isTrailmarkKey } from './annotations.js';
import { toCanonicalJson } from './canonical-json.js';

/**
 * Lowercase hex sha256 of a string (UTF-8) or bytes. One-shot `crypto.hash` (Node ≥ 20.12): no
 * Hash object per call, about four times as fast as `createHash` for the short inputs hashed per
 * alert (fingerprints, annotation digests).
 */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/**
 * Digest of an object's `trailmark.dev/*` annotations: `sha256:` + hex sha256 of the canonical
 * JSON of those annotations. stamp records it, attest signs it and verify recomputes it from the
 * live object, so this one function is the definition.
 */
export function annotationsDigest(annotations: Readonly<Record<string, string>>): string {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (isTrailmarkKey(key)) own[key] = value;
  }
  return `sha256:${sha256Hex(toCanonicalJson(own))}`;
}

/**
 * The `trailmark.dev/origin` label value: 16 hex chars of sha256 over repo, source path and the
 * object's identity. Stable across commits so label-only tools can join on it.
 */
export function originId(parts: {
  repo: string | undefined;
  path: string | undefined;
  kind: string;
  namespace: string | undefined;
  name: string;
}): string {
  const identity = [
    parts.repo ?? '',
    parts.path ?? '',
    `${parts.kind}/${parts.namespace ?? ''}/${parts.name}`,
  ];
  return sha256Hex(identity.join('\n')).slice(0, 16);
}

const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** True for a `sha256:<64 lowercase hex>` digest. */
export function isSha256Digest(value: string): boolean {
  return DIGEST_PATTERN.test(value);
}

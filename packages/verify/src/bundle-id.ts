import { createHash } from 'node:crypto';
import { toCanonicalJson, type EvidenceSource } from '@trailmark/core';

/**
 * `sha256:` of the bundle's canonical JSON (RFC 8785), so one bundle is one id whether it was
 * written pretty-printed to a file, stored compact in a registry or re-serialised by the GitHub
 * API; of the raw bytes when they are not JSON.
 */
export function bundleId(bytes: Uint8Array): string {
  let text: string;
  try {
    text = toCanonicalJson(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    return `sha256:${createHash('sha256').update(bytes).digest('hex')}`; // not JSON: raw bytes
  }
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Sources deduplicated and sorted by kind, then location. */
export function sortSources(sources: readonly EvidenceSource[]): EvidenceSource[] {
  const unique = new Map(sources.map((s) => [`${s.kind}\u0000${s.location}`, s]));
  return [...unique].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, source]) => source);
}

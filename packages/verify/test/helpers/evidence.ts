import { createHash, type KeyObject } from 'node:crypto';
import type { AttestationEvidence, EvidenceSource } from '@trailmark/core';
import type { CandidateBundle } from '../../src/index.js';
import { keyDsseBundle } from './key-bundles.js';

/** A candidate bundle from JSON (or raw text) found in a directory. */
export function candidate(json: unknown, location = 'bundles/a.sigstore.json'): CandidateBundle {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  const source: EvidenceSource = { kind: 'dir', location };
  return { bytes: Buffer.from(text, 'utf8'), source };
}

/** `sha256:<hex>` of a string (an image digest stand-in). */
export function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** An in-toto Statement v1 about `subjects` (`name → sha256:<hex>`). */
export function statement(
  predicateType: string,
  predicate: unknown,
  subjects: Record<string, string>,
): Record<string, unknown> {
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: Object.entries(subjects).map(([name, digest]) => ({
      name,
      digest: { sha256: digest.replace(/^sha256:/, '') },
    })),
    predicateType,
    predicate,
  };
}

/** A bare-key DSSE bundle over `value`. */
export function keyBundle(privateKey: KeyObject, value: unknown): Record<string, unknown> {
  return keyDsseBundle(privateKey, Buffer.from(JSON.stringify(value)));
}

/** The one evidence of a single-bundle run. */
export function only(evidence: AttestationEvidence[]): AttestationEvidence {
  if (evidence.length !== 1) throw new Error(`expected one evidence, got ${evidence.length}`);
  return evidence[0]!;
}

import type { Bundle } from '@sigstore/bundle';
import type { AttestationEvidence } from '@trailmark/core';
import { parseStatement, type ParsedStatement } from './statement.js';

/** Subject digest algorithms, preferred first (the index is keyed by SHA-256). */
const PREFERRED = ['sha256', 'sha512', 'sha384'] as const;

/** What a statement claims, before (or without) trust. */
export interface ClaimedStatement {
  predicateType?: string;
  subjects: AttestationEvidence['subjects'];
}

/**
 * `{name, digest: 'sha256:<hex>'}` per subject (SHA-512 or SHA-384 when a subject has no SHA-256);
 * subjects with none of these are left out.
 */
export function subjectsOf(statement: ParsedStatement): AttestationEvidence['subjects'] {
  return statement.subjects.flatMap((subject) => {
    const algorithm = PREFERRED.find((name) => typeof subject.digest[name] === 'string');
    const hex = algorithm === undefined ? undefined : subject.digest[algorithm];
    return hex === undefined
      ? []
      : [{ name: subject.name, digest: `${algorithm ?? ''}:${hex.toLowerCase()}` }];
  });
}

/**
 * What a bundle (decoded, or its raw text when it did not decode) CLAIMS: the predicate type and
 * subjects of its DSSE payload, unverified. Lets a rejected bundle be reported against the image it
 * claims to be about; undefined when there is no readable statement.
 */
export function claimedStatement(bundle: Bundle | string): ClaimedStatement | undefined {
  const payload = typeof bundle === 'string' ? payloadOfText(bundle) : payloadOf(bundle);
  if (payload === undefined) return undefined;
  const statement = parseStatement(payload);
  if (typeof statement === 'string') return undefined;
  const type = statement.value.predicateType;
  return {
    ...(typeof type === 'string' ? { predicateType: type } : {}),
    subjects: subjectsOf(statement),
  };
}

function payloadOf(bundle: Bundle): Uint8Array | undefined {
  return bundle.content.$case === 'dsseEnvelope' ? bundle.content.dsseEnvelope.payload : undefined;
}

// The raw JSON's dsseEnvelope.payload, if the text is JSON with one.
function payloadOfText(text: string): Uint8Array | undefined {
  try {
    const payload = (JSON.parse(text) as { dsseEnvelope?: { payload?: unknown } } | null)
      ?.dsseEnvelope?.payload;
    return typeof payload === 'string' ? Buffer.from(payload, 'base64') : undefined;
  } catch {
    return undefined; // not JSON: nothing is claimed
  }
}

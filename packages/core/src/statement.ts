// The in-toto vocabulary attest writes and verify reads (docs/attest.md): one definition for both.

/** in-toto Statement v1 type URI. */
export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

/** DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** Predicate types trailmark produces (docs/attest.md). */
export const PREDICATE_TYPE = {
  slsaProvenance: 'https://slsa.dev/provenance/v1',
  cyclonedx: 'https://cyclonedx.org/bom',
  deploymentOrigin: 'https://trailmark.dev/deployment-origin/v1',
} as const;

/** Digest algorithms accepted on subjects, with their hex lengths. */
export type SubjectDigestAlgorithm = 'sha256' | 'sha512';

/** An in-toto ResourceDescriptor used as a subject: a name and at least one digest. */
export interface Subject {
  name: string;
  digest: Partial<Record<SubjectDigestAlgorithm, string>>;
}

/** An in-toto Statement v1. */
export interface Statement<Predicate = unknown> {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: string;
  predicate: Predicate;
}

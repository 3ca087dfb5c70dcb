import {
  Verifier,
  VerificationError,
  type SignedEntity,
  type TrustMaterial,
} from '@sigstore/verify';

type EntityTimestamp = SignedEntity['timestamps'][number];

/** A key hint no key finder of ours knows (the policy key finder answers any hint: also fine). */
const PROBE_HINT = 'trailmark-timestamp-probe';

/**
 * Drops RFC 3161 timestamps that do not verify against the trusted timestamp authorities (wrong
 * imprint, unknown TSA, outside the TSA's window). Such a timestamp proves nothing, and
 * sigstore-python and sigstore-go ignore it and count only verified times, whereas
 * `@sigstore/verify` 3.1.1 rejects the whole bundle. A timestamp that DOES verify is kept, so the
 * certificate must be valid at its time as well.
 */
export function verifiableTimestamps(
  entity: SignedEntity,
  trust: TrustMaterial,
): EntityTimestamp[] {
  return entity.timestamps.filter(
    (ts) => ts.$case !== 'timestamp-authority' || timestampVerifies(entity, ts, trust),
  );
}

// Runs the library on this one timestamp; only a TIMESTAMP_ERROR says the timestamp itself failed.
function timestampVerifies(
  entity: SignedEntity,
  ts: EntityTimestamp,
  trust: TrustMaterial,
): boolean {
  // The library checks timestamps first; a key it cannot find then stops it before the (costly)
  // certificate chain, which checkTrust verifies anyway.
  const probe: SignedEntity = {
    ...entity,
    key: { $case: 'public-key', hint: PROBE_HINT },
    timestamps: [ts],
    tlogEntries: [],
  };
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 }).verify(
      probe,
    );
    return true;
  } catch (err) {
    return !(err instanceof VerificationError && err.code === 'TIMESTAMP_ERROR');
  }
}

/**
 * The signing times the library will have verified: log integration times backed by an
 * inclusion promise, and RFC 3161 times.
 */
export function signingTimesOf(timestamps: readonly EntityTimestamp[]): Date[] {
  return timestamps.flatMap((ts) => {
    switch (ts.$case) {
      case 'timestamp-authority':
        return [ts.timestamp.signingTime];
      case 'transparency-log':
        return ts.tlogEntry.inclusionPromise === undefined
          ? []
          : [new Date(Number(ts.tlogEntry.integratedTime) * 1000)];
    }
  });
}

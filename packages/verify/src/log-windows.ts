import type { TransparencyLogEntry } from '@sigstore/bundle';
import type { TimeRange, TransparencyLogInstance, TrustedRoot } from '@sigstore/protobuf-specs';

/**
 * The strict check `@sigstore/verify` 3.1.1 skips: it verifies a checkpoint (inclusion proof)
 * with any trusted log key whatever that key's validity window, so a Rekor v2 entry (proof only,
 * no promise) signed after its log key was retired would pass. Every log entry's log key must be
 * valid at every verified signing time.
 *
 * @returns a one-line problem, or undefined when all windows hold.
 */
export function logWindowProblem(
  entries: readonly TransparencyLogEntry[],
  root: TrustedRoot,
  times: readonly Date[],
): string | undefined {
  for (const entry of entries) {
    const logs = root.tlogs.filter((log) => namesLog(log, entry));
    const id = Buffer.from(entry.logId.keyId).toString('hex');
    if (logs.length === 0)
      return `log entry ${entry.logIndex} names log ${id}, which the trusted root does not list`;
    const late = times.find((time) => !logs.some((log) => within(log.publicKey?.validFor, time)));
    if (late !== undefined) {
      return `the key of log ${logs[0]?.baseUrl ?? id} is not valid at the signing time ${late.toISOString()}`;
    }
  }
  return undefined;
}

function namesLog(log: TransparencyLogInstance, entry: TransparencyLogEntry): boolean {
  const id = Buffer.from(entry.logId.keyId);
  return [log.logId?.keyId, log.checkpointKeyId?.keyId].some(
    (key) => key !== undefined && id.equals(Buffer.from(key)),
  );
}

// validFor is a closed interval; a missing end means "still valid".
function within(window: TimeRange | undefined, time: Date): boolean {
  if (window?.start === undefined || time < window.start) return false;
  return window.end === undefined || time <= window.end;
}

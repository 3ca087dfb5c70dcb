import type { Logger } from 'pino';

/**
 * Logs refusals that come in floods — 429 while the queue is full, 503 while not ready — as one
 * warning per `everyMs` with the count since the last one, not a line per request (the
 * `requests_rejected_total` metric counts each).
 */
export function createFloodLog(
  logger: Logger,
  everyMs = 10_000,
  now: () => number = Date.now,
): (status: number) => void {
  const counts = new Map<number, number>();
  let last = Number.NEGATIVE_INFINITY;
  return (status) => {
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (now() - last < everyMs) return;
    last = now();
    const refused = Object.fromEntries([...counts].map(([code, n]) => [String(code), n]));
    counts.clear();
    logger.warn({ refused }, 'requests refused (queue full or not ready); senders retry');
  };
}

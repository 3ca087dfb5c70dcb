import type { Logger } from 'pino';
import type { Outbox } from './outbox-port.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Jobs deleted per statement: pruning never holds the store for long. */
const PRUNE_BATCH = 1000;

/**
 * `--retain-done` in milliseconds: `<n>ms|s|m|h|d`, or `0` (keep forever: 0 is returned). The
 * schema has already checked the form.
 */
export function retentionMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  if (match === null) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS];
}

/** Options of {@link startPruning}. */
export interface PruningOptions {
  outbox: Pick<Outbox, 'pruneDone'>;
  /** Done jobs older than this are deleted; 0: never. */
  retainMs: number;
  now: () => number;
  logger: Logger;
}

/**
 * Deletes done jobs older than the retention soon after start, then every half retention (at
 * least a second, at most ten minutes), in batches; every replica may do it, deleting is
 * idempotent. Returns the stop function.
 */
export function startPruning(options: PruningOptions): () => Promise<void> {
  if (options.retainMs <= 0) return () => Promise.resolve();
  const every = Math.min(600_000, Math.max(1000, Math.floor(options.retainMs / 2)));
  let running: Promise<void> = Promise.resolve();
  const prune = async (): Promise<void> => {
    const before = new Date(options.now() - options.retainMs);
    let deleted = 0;
    for (;;) {
      const batch = await options.outbox.pruneDone(before, PRUNE_BATCH);
      deleted += batch;
      if (batch < PRUNE_BATCH) break;
    }
    if (deleted > 0) options.logger.info({ deleted, before }, 'pruned done jobs');
  };
  const tick = (): void => {
    running = prune().catch((error: unknown) => {
      options.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'pruning done jobs failed; will try again',
      );
    });
  };
  const first = setTimeout(tick, Math.min(every, 5000));
  const timer = setInterval(tick, every);
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

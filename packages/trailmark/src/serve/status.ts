import type { DeadLetter, OutboxStats } from './outbox-port.js';
import { openServeOutbox } from './open-outbox.js';

/** What `trailmark serve --status` prints. */
export interface ServeStatus {
  store: string;
  stats: OutboxStats;
  /** The most recent dead letters, with their last error. */
  deadLetters: DeadLetter[];
}

/** Reads the outbox's state (`SERVE_STORE_UNREACHABLE`, exit 3, when it cannot be opened). */
export async function serveStatus(options: {
  store: string;
  cwd: string;
  limit?: number;
}): Promise<ServeStatus> {
  const outbox = await openServeOutbox(options.store, options.cwd);
  try {
    await outbox.ping();
    return {
      store: options.store.replace(/\/\/[^@/]*@/, '//…@'),
      stats: await outbox.stats(),
      deadLetters: await outbox.deadLetters(options.limit ?? 20),
    };
  } finally {
    await outbox.close();
  }
}

/** The status as text, one fact a line. */
export function renderServeStatus(status: ServeStatus): string {
  const { stats } = status;
  const lines = [
    `store: ${status.store}`,
    `pending: ${String(stats.pending)}`,
    `in flight: ${String(stats.inflight)}`,
    `done: ${String(stats.done)}`,
    `dead letters: ${String(stats.dead)}`,
    ...status.deadLetters.map(
      (dead) =>
        `  ${dead.id} (${dead.groupKey}, ${String(dead.attempts)} attempts): ${dead.lastError ?? 'no error recorded'}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

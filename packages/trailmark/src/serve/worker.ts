import { isTrailmarkError, scrubSecrets } from '@trailmark/core';
import type { Logger } from 'pino';
import { retryDelayMs, type BackoffPolicy } from './backoff.js';
import { escalateJob, type EscalationDeps } from './job-escalation.js';
import { resolveLate, type LateResolution } from './late-resolution.js';
import { isLeaseLost, leaseGuard } from './lease-guard.js';
import { startPruning } from './retention.js';
import type { ClaimedJob, Outbox } from './outbox-port.js';
import { JobFailure } from './wait-hint.js';

/** Options of {@link startWorkers}. */
export interface WorkerOptions {
  outbox: Outbox;
  /** This process's lease owner id (unique per replica and start). */
  owner: string;
  count: number;
  maxAttempts: number;
  leaseMs: number;
  /** Idle poll interval (default 250 ms); {@link WorkerPool.wake} shortens it after an accept. */
  pollMs?: number;
  escalation: EscalationDeps;
  logger: Logger;
  now: () => number;
  backoff?: BackoffPolicy;
  /** Done jobs older than this are deleted (default 0: kept). */
  retainDoneMs?: number;
  /** With a live view: alerts on pods not yet in it are traced again for a while. */
  late?: LateResolution;
}

/** Running workers. */
export interface WorkerPool {
  /** New jobs were committed: idle workers look now. */
  wake(): void;
  /** Stops claiming; resolves when the jobs in hand are finished (or `timeoutMs` passed). */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * `count` loops, each: claim one job (group-exclusive, leased), escalate it while renewing the
 * lease, then complete it — or fail it with a backoff (`retry-after` honoured), or dead-letter it
 * once it has had `maxAttempts` claims. A job is claimed one at a time per loop so a crash loses
 * at most the jobs in hand, which the lease hands to another worker.
 */
export function startWorkers(options: WorkerOptions): WorkerPool {
  let stopping = false;
  const wakers = new Set<() => void>();
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, options.pollMs ?? 250);
      wakers.add(done);
    });
  const loop = async (): Promise<void> => {
    while (!stopping) {
      const claimed = await options.outbox
        .claim(options.owner, 1, new Date(options.now()), options.leaseMs)
        .catch((error: unknown) => {
          options.logger.error({ err: message(error) }, 'claiming from the outbox failed');
          return [] as ClaimedJob[];
        });
      const [job] = claimed;
      if (job === undefined) await idle();
      else if (await escalateNow(job, options)) await runJob(job, options);
    }
  };
  const loops = Array.from({ length: options.count }, () => loop());
  const stopPruning = startPruning({
    outbox: options.outbox,
    retainMs: options.retainDoneMs ?? 0,
    now: options.now,
    logger: options.logger,
  });
  return {
    wake() {
      for (const wake of [...wakers]) wake();
    },
    async stop(timeoutMs) {
      stopping = true;
      for (const wake of [...wakers]) wake();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(loops).then(() => undefined), timeout]);
      clearTimeout(timer);
      await stopPruning();
    },
  };
}

async function runJob(job: ClaimedJob, options: WorkerOptions): Promise<void> {
  const { outbox, owner, leaseMs, logger } = options;
  const renew = setInterval(
    () => {
      void outbox.renew(job.id, owner, new Date(options.now()), leaseMs).catch(() => false);
    },
    Math.max(1000, Math.floor(leaseMs / 3)),
  );
  try {
    const guard = leaseGuard(job, outbox, owner, leaseMs, options.now);
    const result = await escalateJob(job, options.escalation, guard);
    await outbox.complete(job.id, owner, result);
    logger.info({ job: job.id, group: job.groupKey, attempts: job.attempts, result }, 'escalated');
  } catch (error) {
    if (isLeaseLost(error))
      logger.warn({ job: job.id, group: job.groupKey }, 'lease lost before writing; not sent');
    else await failJob(job, error, options);
  } finally {
    clearInterval(renew);
  }
}

// False when the job was put back to be traced again later (or is no longer ours).
async function escalateNow(job: ClaimedJob, options: WorkerOptions): Promise<boolean> {
  if (options.late === undefined) return true;
  const { outbox, owner, logger } = options;
  try {
    const late = await resolveLate(job, options.late, outbox, owner, options.now());
    if (late.action === 'resolved')
      logger.info({ job: job.id, group: late.groupKey }, 'resolved once the view caught up');
    else if (late.action === 'wait')
      logger.info({ job: job.id, until: late.until }, 'pod not in the view yet; tracing again');
    return late.action === 'escalate';
  } catch (error) {
    await failJob(job, error, options);
    return false;
  }
}

async function failJob(job: ClaimedJob, error: unknown, options: WorkerOptions): Promise<void> {
  const { outbox, owner, logger, escalation } = options;
  const text = scrubSecrets(message(error), [...escalation.secrets]);
  const dead = job.attempts >= options.maxAttempts;
  const retryAt = dead
    ? null
    : new Date(options.now() + retryDelayMs(job.attempts, error, options.backoff));
  await outbox.fail(job.id, owner, text, retryAt).catch((failure: unknown) => {
    logger.error({ job: job.id, err: message(failure) }, 'recording the failure failed');
  });
  if (dead) escalation.metrics.deadLetters.inc();
  else escalation.metrics.retries.inc();
  logger.warn(
    { job: job.id, group: job.groupKey, attempts: job.attempts, error: text, retryAt },
    dead ? 'escalation dead-lettered' : 'escalation failed; will retry',
  );
}

function message(error: unknown): string {
  if (error instanceof JobFailure) return message(error.failure);
  if (isTrailmarkError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

import type { EnqueueOutcome, EnqueueResult, NewJob } from './outbox.js';

/** The jobs of an `enqueue` call less ids repeated within it (the first of each is kept). */
export function firstOfEachId(jobs: readonly NewJob[]): NewJob[] {
  const seen = new Set<string>();
  const firsts: NewJob[] = [];
  for (const job of jobs) {
    if (seen.has(job.id)) continue;
    seen.add(job.id);
    firsts.push(job);
  }
  return firsts;
}

/**
 * The result of an `enqueue` call whose store inserted the jobs with the ids in `inserted`: the
 * first job of each inserted id is `inserted`, every other job a duplicate.
 */
export function enqueueResultOf(
  jobs: readonly NewJob[],
  inserted: ReadonlySet<string>,
): EnqueueResult {
  const taken = new Set<string>();
  const outcomes = jobs.map((job): EnqueueOutcome => {
    if (!inserted.has(job.id) || taken.has(job.id)) return 'duplicate';
    taken.add(job.id);
    return 'inserted';
  });
  return { inserted: taken.size, duplicates: jobs.length - taken.size, outcomes };
}

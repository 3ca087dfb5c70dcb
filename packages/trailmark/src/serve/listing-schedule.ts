/** Options of {@link createListingSchedule}. */
export interface ListingScheduleOptions {
  /** Least time between the starts of two listings (ms). */
  minGapMs: number;
  /** The local clock (ms; monotonic enough for spacing). */
  now?: () => number;
  /** Waits `ms` (tests may shorten it). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `list` so that at most one runs at a time and two start at least `minGapMs` apart.
 * {@link ListingSchedule.next} resolves once a run that STARTED after the call has ended (rejects
 * with its error): every caller that asks while a run is pending or running shares the next one,
 * so any number of waiting lookups costs one listing a gap.
 */
export interface ListingSchedule {
  next(): Promise<void>;
}

/** A schedule over `list` (see {@link ListingSchedule}). */
export function createListingSchedule(
  list: () => Promise<void>,
  options: ListingScheduleOptions,
): ListingSchedule {
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  let lastStart: number | undefined;

  const start = (): Promise<void> => {
    queued = undefined;
    lastStart = now();
    const run = list().finally(() => {
      if (running === run) running = undefined;
    });
    running = run;
    return run;
  };
  // Waits for the running listing (its outcome is its own callers'), then out the gap.
  const startLater = async (): Promise<void> => {
    await running?.catch(() => undefined);
    const wait = lastStart === undefined ? 0 : lastStart + options.minGapMs - now();
    if (wait > 0) await sleep(wait);
    return start();
  };

  return {
    next() {
      if (queued !== undefined) return queued;
      const due = lastStart === undefined || now() - lastStart >= options.minGapMs;
      if (running === undefined && due) return start();
      queued = startLater();
      return queued;
    },
  };
}

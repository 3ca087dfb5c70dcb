// Shared by every benchmark: medians, rounding, and the child side of the fresh-process runs.

/** Median of a list of numbers (mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One decimal. */
export function round(value) {
  return Math.round(value * 10) / 10;
}

/** Two decimals. */
export function round2(value) {
  return Math.round(value * 100) / 100;
}

/**
 * Runs one measurement in this (child) process and hands its result to the parent over IPC, or
 * prints it when run by hand.
 */
export async function runChildMode(modes, mode, args) {
  if (!(mode in modes)) throw new Error(`unknown bench mode ${mode}`);
  const result = await modes[mode](args);
  if (process.send) process.send(result);
  else console.log(JSON.stringify(result));
}

/** A positive integer from the environment variable `name`, or `fallback` when unset. */
export function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new Error(`${name}=${raw}: expected a positive integer`);
  return value;
}

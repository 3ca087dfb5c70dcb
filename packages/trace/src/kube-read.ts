// Defensive readers for plain Kubernetes JSON: trace reads objects from clusters, snapshots and
// alerts, and never trusts their shape.

/** The value as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The plain objects of an array (anything else is skipped). */
export function records(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return (value as unknown[]).flatMap((item) => {
    const record = asRecord(item);
    return record === undefined ? [] : [record];
  });
}

/** The strings of an array. */
export function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? (value as unknown[]).filter((item): item is string => typeof item === 'string')
    : [];
}

/** A nested string, or undefined. */
export function stringAt(value: unknown, path: readonly string[]): string | undefined {
  let node: unknown = value;
  for (const step of path) node = asRecord(node)?.[step];
  return typeof node === 'string' ? node : undefined;
}

/** A string map (labels, annotations), keeping only string values. */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(asRecord(value) ?? {}))
    if (typeof item === 'string') out[key] = item;
  return out;
}

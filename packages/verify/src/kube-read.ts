// Defensive readers of plain Kubernetes JSON values: nothing in a snapshot is trusted to be shaped.

/** The value as a record, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The records of an array value (other items and non-arrays give nothing). */
export function records(value: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (!Array.isArray(value)) return out;
  for (const item of value as unknown[]) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item))
      out.push(item as Record<string, unknown>);
  }
  return out;
}

/** The strings of an array value. */
export function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? (value as unknown[]).filter((item): item is string => typeof item === 'string')
    : [];
}

/** A nested value by path; undefined when any step is missing. */
export function getPath(value: unknown, path: readonly string[]): unknown {
  let node: unknown = value;
  for (const step of path) {
    const record = asRecord(node);
    if (record === undefined) return undefined;
    node = record[step];
  }
  return node;
}

/** A string member, or undefined. */
export function stringAt(value: unknown, path: readonly string[]): string | undefined {
  const found = getPath(value, path);
  return typeof found === 'string' ? found : undefined;
}

/** The string-valued entries of a map member (annotations, labels). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(asRecord(value) ?? {}))
    if (typeof item === 'string') out[key] = item;
  return out;
}

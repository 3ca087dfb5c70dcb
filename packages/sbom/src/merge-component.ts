/** A CycloneDX JSON object as parsed. */
export type JsonObject = Record<string, unknown>;

/** The components of a parsed BOM, flattened: metadata component, top-level, and nested ones. */
export function flattenComponents(bom: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const item of list as unknown[]) {
      if (item === null || typeof item !== 'object') continue;
      const { components, ...rest } = item as JsonObject;
      out.push(rest);
      visit(components);
    }
  };
  const metadata = bom.metadata as JsonObject | undefined;
  if (metadata?.component !== undefined) visit([metadata.component]);
  visit(bom.components);
  return out;
}

/**
 * Folds `other` into `into`: hashes unioned by (alg, content), properties by (name, value); a
 * missing purl, version or license list is filled in (license lists are not unioned: CycloneDX
 * forbids mixing an expression with single licenses). Everything else of `into` wins.
 */
export function mergeComponentInto(into: JsonObject, other: JsonObject): void {
  for (const field of ['hashes', 'properties'] as const) {
    const merged = unionByJson(into[field], other[field]);
    if (merged.length > 0) into[field] = merged;
  }
  for (const field of ['purl', 'version', 'licenses'] as const) {
    if (into[field] === undefined && other[field] !== undefined) into[field] = other[field];
  }
}

function unionByJson(a: unknown, b: unknown): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  const items: unknown[] = [
    ...(Array.isArray(a) ? (a as unknown[]) : []),
    ...(Array.isArray(b) ? (b as unknown[]) : []),
  ];
  for (const item of items) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

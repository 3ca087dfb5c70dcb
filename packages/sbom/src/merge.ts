import { foreignCause, formatSchemaIssues } from '@trailmark/core';
import { SbomError } from './error.js';
import type { JsonObject } from './merge-component.js';
import { flattenComponents, mergeComponentInto } from './merge-component.js';
import { purlKey } from './purl-key.js';
import { sortBomLists } from './sort-bom.js';
import { createBomValidator } from './validate.js';

/** Optional names of the merge inputs (file paths), used in error messages. */
export interface MergeOptions {
  labels?: readonly string[];
}

/**
 * Folds existing CycloneDX SBOMs (an image SBOM from syft or trivy, ...) into `base`: each
 * input is first validated against the official schema of its own `specVersion` (the first
 * invalid one throws `SBOM_INVALID_MERGE` naming its first schema error); then components are
 * deduplicated by purl, then by bom-ref (nested components and each input's metadata component
 * are flattened in, so image SBOMs attach to the image component with the same purl); hashes
 * and properties are unioned; dependency edges are kept, renamed to the surviving bom-refs.
 * Returns a new document with sorted lists; `base` is not modified.
 */
export async function mergeBoms(
  base: JsonObject,
  others: readonly unknown[],
  options: MergeOptions = {},
): Promise<JsonObject> {
  for (const [index, other] of others.entries())
    await checkMergeInput(other, options.labels?.[index] ?? `merge input ${index + 1}`);
  const result = structuredClone(base);
  const index = new ComponentIndex(result);
  const edges = dependencyMap(result.dependencies);
  for (const other of others as JsonObject[]) {
    const renamed = new Map<string, string>();
    for (const component of flattenComponents(other)) {
      const theirRef = typeof component['bom-ref'] === 'string' ? component['bom-ref'] : undefined;
      const ourRef = index.add(component);
      if (theirRef !== undefined && ourRef !== undefined) renamed.set(theirRef, ourRef);
    }
    for (const [ref, dependsOn] of dependencyMap(other.dependencies)) {
      const from = renamed.get(ref) ?? ref;
      const list = edges.get(from) ?? new Set<string>();
      for (const to of dependsOn) list.add(renamed.get(to) ?? to);
      edges.set(from, list);
    }
  }
  result.components = index.components;
  result.dependencies = [...edges]
    .filter(([ref]) => index.hasRef(ref))
    .map(([ref, dependsOn]) => ({
      ref,
      dependsOn: [...dependsOn].filter((to) => index.hasRef(to) && to !== ref),
    }));
  return sortBomLists(result);
}

async function checkMergeInput(other: unknown, label: string): Promise<void> {
  const doc = other as JsonObject | null;
  if (
    doc === null ||
    typeof doc !== 'object' ||
    doc.bomFormat !== 'CycloneDX' ||
    typeof doc.specVersion !== 'string'
  ) {
    throw new SbomError(
      'SBOM_INVALID_MERGE',
      `${label}: not a CycloneDX JSON document (bomFormat/specVersion missing)`,
    );
  }
  let issues;
  try {
    issues = await createBomValidator(doc.specVersion)(JSON.stringify(doc));
  } catch (err) {
    throw new SbomError(
      'SBOM_INVALID_MERGE',
      `${label}: cannot validate CycloneDX ${doc.specVersion}`,
      { cause: foreignCause(err) },
    );
  }
  if (issues.length > 0) {
    throw new SbomError(
      'SBOM_INVALID_MERGE',
      `${label}: not valid CycloneDX ${doc.specVersion}: ${formatSchemaIssues(issues, 1)}`,
    );
  }
}

/** `dependencies[]` as ref → set of refs. */
function dependencyMap(list: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const item of Array.isArray(list) ? (list as JsonObject[]) : []) {
    if (typeof item.ref !== 'string') continue;
    const set = out.get(item.ref) ?? new Set<string>();
    for (const to of Array.isArray(item.dependsOn) ? (item.dependsOn as unknown[]) : [])
      if (typeof to === 'string') set.add(to);
    out.set(item.ref, set);
  }
  return out;
}

/** The base's components (metadata component included for lookups) indexed by purl key and bom-ref. */
class ComponentIndex {
  readonly components: JsonObject[];
  readonly #byPurl = new Map<string, JsonObject>();
  readonly #byRef = new Map<string, JsonObject>();

  constructor(bom: JsonObject) {
    this.components = Array.isArray(bom.components) ? (bom.components as JsonObject[]) : [];
    const metadata = bom.metadata as JsonObject | undefined;
    const root = metadata?.component as JsonObject | undefined;
    for (const component of root === undefined ? this.components : [root, ...this.components])
      this.#register(component);
  }

  hasRef(ref: string): boolean {
    return this.#byRef.has(ref);
  }

  /** Merges into a match (purl first, then bom-ref) or appends; returns the surviving bom-ref. */
  add(component: JsonObject): string | undefined {
    const purl = typeof component.purl === 'string' ? purlKey(component.purl) : undefined;
    const ref = typeof component['bom-ref'] === 'string' ? component['bom-ref'] : undefined;
    const match =
      (purl === undefined ? undefined : this.#byPurl.get(purl)) ??
      (ref === undefined ? undefined : this.#byRef.get(ref));
    if (match !== undefined) {
      mergeComponentInto(match, component);
      this.#register(match);
      return typeof match['bom-ref'] === 'string' ? match['bom-ref'] : ref;
    }
    const copy = structuredClone(component);
    this.components.push(copy);
    this.#register(copy);
    return ref;
  }

  #register(component: JsonObject): void {
    if (typeof component.purl === 'string') this.#byPurl.set(purlKey(component.purl), component);
    if (typeof component['bom-ref'] === 'string') this.#byRef.set(component['bom-ref'], component);
  }
}

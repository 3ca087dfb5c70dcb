import type { SourceLocation } from '@trailmark/core';
import type { HashAlgorithm, Lockfile, LockPackage, PackageHash } from './lockfile.js';

/** CycloneDX component types trailmark emits. */
export type ComponentKind =
  'application' | 'library' | 'container' | 'framework' | 'file' | 'platform';

/** A component before it becomes a CycloneDX model: mergeable by purl. */
export interface ComponentDraft {
  bomRef: string;
  type: ComponentKind;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  /** Undefined for components scope does not apply to (roots, extras without one). */
  scope?: 'required' | 'optional';
  hashes: Map<HashAlgorithm, string>;
  licenses: Set<string>;
  /** Keyed by `name\u0000value`, so duplicates merge and distinct values all stay. */
  properties: Map<string, { name: string; value: string }>;
  dependsOn: Set<string>;
}

/** The `trailmark:source` value of a location: `path#Lline`. */
export function sourceValue(source: SourceLocation): string {
  return `${source.path}#L${source.line}`;
}

/** The bom-ref of a lockfile package: its purl (so equal purls merge), else `path#ref`. */
export function packageBomRef(lockfile: Lockfile, pkg: LockPackage): string {
  return pkg.purl ?? `${lockfile.path}#${pkg.ref}`;
}

/** The bom-ref of a lockfile's root project. */
export function lockfileRootRef(lockfile: Lockfile): string {
  return `lockfile:${lockfile.path}`;
}

/** A new empty draft. */
export function newDraft(bomRef: string, type: ComponentKind, name: string): ComponentDraft {
  return {
    bomRef,
    type,
    name,
    hashes: new Map(),
    licenses: new Set(),
    properties: new Map(),
    dependsOn: new Set(),
  };
}

/** Adds a property unless the same name and value are already there. */
export function addProperty(draft: ComponentDraft, name: string, value: string): void {
  draft.properties.set(`${name}\u0000${value}`, { name, value });
}

/**
 * Folds one more sighting of a component into its draft: scope `required` wins, hashes and
 * licenses and properties are unioned. Two different digests for one algorithm keep the first
 * and record the other as `trailmark:hash-conflict` rather than hiding it.
 */
export function mergeSighting(
  draft: ComponentDraft,
  sighting: {
    scope?: 'required' | 'optional';
    hashes?: readonly PackageHash[];
    licenses?: readonly string[];
  },
): void {
  if (sighting.scope !== undefined && draft.scope !== 'required') draft.scope = sighting.scope;
  for (const hash of sighting.hashes ?? []) {
    const known = draft.hashes.get(hash.alg);
    if (known === undefined) draft.hashes.set(hash.alg, hash.content);
    else if (known !== hash.content)
      addProperty(draft, 'trailmark:hash-conflict', `${hash.alg}:${hash.content}`);
  }
  for (const license of sighting.licenses ?? []) draft.licenses.add(license);
}

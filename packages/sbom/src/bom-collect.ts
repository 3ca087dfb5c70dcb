import type { Lockfile } from './lockfile.js';
import type { ComponentDraft, ComponentKind } from './bom-draft.js';
import {
  addProperty,
  lockfileRootRef,
  mergeSighting,
  newDraft,
  packageBomRef,
  sourceValue,
} from './bom-draft.js';
import type { PackageHash } from './lockfile.js';
import type { SourceLocation } from '@trailmark/core';

/**
 * A component that does not come from a lockfile (container images, Helm charts, ...): the
 * extension point for other component sources. `dependsOn` names bom-refs.
 */
export interface ExtraComponent {
  bomRef: string;
  type: ComponentKind;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  scope?: 'required' | 'optional';
  hashes?: PackageHash[];
  licenses?: string[];
  /** Each becomes a `trailmark:source` property (`path#Lline`). */
  sources?: SourceLocation[];
  properties?: { name: string; value: string }[];
  dependsOn?: string[];
}

/** Drafts keyed by bom-ref, in insertion order. */
export type DraftMap = Map<string, ComponentDraft>;

/**
 * Drafts every package of every lockfile, merging equal purls across (and within) lockfiles,
 * plus one `application` draft per lockfile for its root project.
 */
export function collectLockfiles(lockfiles: readonly Lockfile[], drafts: DraftMap): string[] {
  const roots: string[] = [];
  for (const lockfile of lockfiles) {
    const refs = new Map(lockfile.packages.map((pkg) => [pkg.ref, packageBomRef(lockfile, pkg)]));
    for (const pkg of lockfile.packages) {
      const bomRef = packageBomRef(lockfile, pkg);
      const draft = drafts.get(bomRef) ?? newDraft(bomRef, 'library', pkg.name);
      if (pkg.namespace !== undefined) draft.group = pkg.namespace;
      if (pkg.version !== undefined) draft.version = pkg.version;
      if (pkg.purl !== undefined) draft.purl = pkg.purl;
      mergeSighting(draft, pkg);
      addProperty(draft, 'trailmark:source', sourceValue(pkg.source));
      for (const property of pkg.properties ?? [])
        addProperty(draft, property.name, property.value);
      for (const ref of pkg.dependsOn) draft.dependsOn.add(refs.get(ref) ?? ref);
      drafts.set(bomRef, draft);
    }
    roots.push(addRoot(lockfile, refs, drafts));
  }
  return roots;
}

function addRoot(lockfile: Lockfile, refs: ReadonlyMap<string, string>, drafts: DraftMap): string {
  const bomRef = lockfileRootRef(lockfile);
  const draft =
    drafts.get(bomRef) ?? newDraft(bomRef, 'application', lockfile.root?.name ?? lockfile.path);
  if (lockfile.root?.version !== undefined) draft.version = lockfile.root.version;
  addProperty(draft, 'trailmark:lockfile', lockfile.path);
  addProperty(draft, 'trailmark:lockfile:format', `${lockfile.format} ${lockfile.formatVersion}`);
  for (const ref of lockfile.root?.dependsOn ?? []) draft.dependsOn.add(refs.get(ref) ?? ref);
  drafts.set(bomRef, draft);
  return bomRef;
}

/**
 * Drafts the extra components, merged into an existing draft when the purl matches. Returns
 * the bom-refs no other extra depends on: the direct dependencies of the metadata component.
 */
export function collectExtras(extras: readonly ExtraComponent[], drafts: DraftMap): string[] {
  const byPurl = new Map<string, string>();
  for (const draft of drafts.values())
    if (draft.purl !== undefined) byPurl.set(draft.purl, draft.bomRef);
  const renamed = new Map<string, string>();
  for (const extra of extras) {
    const bomRef = (extra.purl === undefined ? undefined : byPurl.get(extra.purl)) ?? extra.bomRef;
    renamed.set(extra.bomRef, bomRef);
    const draft = drafts.get(bomRef) ?? newDraft(bomRef, extra.type, extra.name);
    if (extra.group !== undefined) draft.group = extra.group;
    if (extra.version !== undefined) draft.version = extra.version;
    if (extra.purl !== undefined) draft.purl = extra.purl;
    mergeSighting(draft, extra);
    for (const source of extra.sources ?? [])
      addProperty(draft, 'trailmark:source', sourceValue(source));
    for (const property of extra.properties ?? [])
      addProperty(draft, property.name, property.value);
    drafts.set(bomRef, draft);
  }
  const dependedOn = new Set<string>();
  for (const extra of extras) {
    const draft = drafts.get(renamed.get(extra.bomRef) ?? extra.bomRef);
    for (const ref of extra.dependsOn ?? []) {
      const target = renamed.get(ref) ?? ref;
      draft?.dependsOn.add(target);
      dependedOn.add(target);
    }
  }
  return [...new Set(renamed.values())].filter((ref) => !dependedOn.has(ref));
}

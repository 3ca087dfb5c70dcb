import { podTemplatePath } from '@trailmark/core';

/**
 * Which plain values the stream scanner builds: exactly what stamp reads from an object's value —
 * `apiVersion`, `kind`, `metadata` (its name, generateName, namespace and annotations), and of the pod spec what `@trailmark/core`'s pod-spec
 * walkers read (containers' names and images, Secret references, service account). Everything
 * else is checked and skipped without building a value.
 */
export interface Wanted {
  /** The whole value below this point. */
  all: boolean;
  /** Wanted entries of a mapping, by key. */
  keys: ReadonlyMap<string, Wanted> | undefined;
  /** What is wanted of each item of a sequence. */
  items: Wanted | undefined;
}

const ALL: Wanted = { all: true, keys: undefined, items: undefined };

function map(entries: Record<string, Wanted>): Wanted {
  return { all: false, keys: new Map(Object.entries(entries)), items: undefined };
}

function list(items: Wanted): Wanted {
  return { all: false, keys: undefined, items };
}

const CONTAINER = map({
  name: ALL,
  image: ALL,
  env: list(map({ valueFrom: map({ secretKeyRef: map({ name: ALL }) }) })),
  envFrom: list(map({ secretRef: map({ name: ALL }) })),
});

/** The fields of a pod spec `podSpecOf`, `containerImages`, `secretUses`, `serviceAccountOf` read. */
const POD_SPEC_FIELDS: Record<string, Wanted> = {
  initContainers: list(CONTAINER),
  containers: list(CONTAINER),
  ephemeralContainers: list(CONTAINER),
  volumes: list(
    map({
      secret: map({ secretName: ALL }),
      projected: map({ sources: list(map({ secret: map({ name: ALL }) })) }),
    }),
  ),
  imagePullSecrets: list(map({ name: ALL })),
  serviceAccountName: ALL,
  serviceAccount: ALL,
};

const POD_SPEC = map(POD_SPEC_FIELDS);
const TEMPLATE = map({ spec: POD_SPEC });

/**
 * `spec` of any object that may have a pod spec: a Pod's own fields and both template paths
 * (`podSpecOf` reads only the one the kind names; the others are never read).
 */
const SPEC = map({
  ...POD_SPEC_FIELDS,
  template: TEMPLATE,
  jobTemplate: map({ spec: map({ template: TEMPLATE }) }),
});

/** What `objectHead`, the hints and the existing annotations read. */
const METADATA = map({ name: ALL, generateName: ALL, namespace: ALL, annotations: ALL });

const ROOT = map({ apiVersion: ALL, kind: ALL, metadata: METADATA, spec: SPEC });

/** What is wanted of a document's root mapping. */
export function rootWanted(): Wanted {
  return ROOT;
}

/**
 * What is wanted below entry `key` of a mapping wanted as `parent`; at the root, `kind` (when
 * already read) leaves out the `spec` of objects without a pod spec.
 */
export function wantedEntry(
  parent: Wanted | undefined,
  key: string,
  rootKind: string | undefined,
  root: boolean,
): Wanted | undefined {
  if (!parent) return undefined;
  if (parent.all) return ALL;
  if (root && key === 'spec' && rootKind !== undefined && !hasPodSpec(rootKind)) return undefined;
  return parent.keys?.get(key);
}

/** What is wanted of the items of a sequence wanted as `parent`. */
export function wantedItem(parent: Wanted | undefined): Wanted | undefined {
  if (!parent) return undefined;
  return parent.all ? ALL : parent.items;
}

function hasPodSpec(kind: string): boolean {
  return kind === 'Pod' || podTemplatePath(kind) !== undefined;
}

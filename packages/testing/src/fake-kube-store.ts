import { readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { FAKE_RESOURCES, groupVersionOf, type FakeResource } from './fake-kube-api.js';
import { KUBE_FIXTURES_DIR, readKubeFixture } from './kube-fixtures.js';

/** A stored object: whatever the test gave, with `kind`, `apiVersion` and `metadata` checked. */
export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * The objects of every recorded fixture the fake can serve (`fixtures/k8s/`: Lists are unpacked,
 * YAML streams split), in file-name order; objects of kinds the fake does not serve (a Service,
 * a CustomResourceDefinition) are left out. The recorded Secret keeps its `data`: the fake
 * serves what a real cluster would, and readers must drop it.
 */
export function recordedObjects(): StoredObject[] {
  const files = readdirSync(KUBE_FIXTURES_DIR)
    .filter((file) => /\.(json|ya?ml)$/.test(file))
    .sort();
  return files
    .flatMap((file) => documentsOf(readKubeFixture(file), file))
    .flatMap((value) => (isList(value) ? value.items : [value]))
    .filter((value): value is StoredObject => resourceOfObject(value) !== undefined);
}

function documentsOf(text: string, file: string): unknown[] {
  if (file.endsWith('.json')) return [JSON.parse(text) as unknown];
  return parseAllDocuments(text).map((document) => document.toJS() as unknown);
}

function isList(value: unknown): value is { items: unknown[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

/** The resource serving an object, by its `apiVersion` and `kind`. */
export function resourceOfObject(value: unknown): FakeResource | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  return FAKE_RESOURCES.find((r) => groupVersionOf(r) === apiVersion && r.kind === kind);
}

/** Objects by resource, kept in the order kube-apiserver lists them (namespace, then name). */
export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private revision = 1000;

  /** The current resourceVersion of the store (bumped by every change). */
  get resourceVersion(): string {
    return String(this.revision);
  }

  /** Adds or replaces an object; returns the stored copy with a fresh resourceVersion. */
  put(object: StoredObject): StoredObject {
    if (resourceOfObject(object) === undefined)
      throw new Error(`the fake Kubernetes API does not serve ${object.apiVersion} ${object.kind}`);
    this.revision++;
    const stored = {
      ...object,
      metadata: { ...object.metadata, resourceVersion: this.resourceVersion },
    };
    this.objects.set(keyOf(stored), stored);
    return stored;
  }

  /** Removes an object; returns it, with the resourceVersion of the deletion. */
  remove(object: StoredObject): StoredObject | undefined {
    const stored = this.objects.get(keyOf(object));
    if (stored === undefined) return undefined;
    this.objects.delete(keyOf(object));
    this.revision++;
    return { ...stored, metadata: { ...stored.metadata, resourceVersion: this.resourceVersion } };
  }

  /** Every object of `resource` (in `namespace` when given), sorted as the API server lists them. */
  list(resource: FakeResource, namespace?: string): StoredObject[] {
    return [...this.objects.values()]
      .filter((object) => resourceOfObject(object) === resource)
      .filter((object) => namespace === undefined || object.metadata.namespace === namespace)
      .sort((a, b) => compare(keyOf(a), keyOf(b)));
  }

  /** One object, or `undefined`. */
  get(
    resource: FakeResource,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.list(resource, namespace).find((object) => object.metadata.name === name);
  }
}

function keyOf(object: StoredObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

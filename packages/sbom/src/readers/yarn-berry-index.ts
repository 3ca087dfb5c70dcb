import type { LockfileWarning } from '../lockfile.js';
import { asRecord, asString } from './parse-error.js';

/** One berry entry: its descriptors (the key, split), its resolution (the ref) and its record. */
export interface BerryEntry {
  descriptors: string[];
  resolution: string;
  record: Record<string, unknown>;
  line: number;
}

/** One edge: the resolution it reaches and whether `dependenciesMeta` marks it optional. */
export interface BerryEdge {
  to: string;
  optional: boolean;
}

/**
 * Resolves berry dependency descriptors to entries. yarn rewrites some descriptors through
 * built-in patches (`fsevents`, `typescript`, `resolve`: `x@npm:^1` is installed as
 * `x@patch:x@npm%3A^1#optional!builtin<compat/x>`), so a patch whose source descriptor matches
 * wins over the plain entry; each patch entry then depends on the entry it patches.
 */
export class BerryIndex {
  readonly #byDescriptor = new Map<string, BerryEntry>();
  readonly #patchBySource = new Map<string, BerryEntry>();
  readonly #byResolution = new Map<string, BerryEntry>();
  readonly #overrides: ReadonlyMap<string, string>;

  /** `overrides`: the root manifest's `resolutions` by package name (`trim` or `**\/trim`). */
  constructor(entries: readonly BerryEntry[], overrides: ReadonlyMap<string, string> = new Map()) {
    this.#overrides = overrides;
    for (const entry of entries) {
      this.#byResolution.set(entry.resolution, entry);
      for (const descriptor of entry.descriptors) {
        this.#byDescriptor.set(descriptor, entry);
        const source = patchSource(descriptor);
        if (source !== undefined) this.#patchBySource.set(source, entry);
      }
    }
  }

  /**
   * The resolution a `name` + `range` dependency is installed as. The lockfile keeps a
   * dependency's declared range even when a root `resolutions` override replaced it, so the
   * override (from the manifest) is tried when the declared descriptor has no entry.
   */
  resolve(name: string, range: string): string | undefined {
    const override = this.#overrides.get(name);
    const candidates = [`${name}@${range}`];
    if (override !== undefined) candidates.push(`${name}@${override}`, `${name}@npm:${override}`);
    for (const descriptor of candidates) {
      const entry = this.#patchBySource.get(descriptor) ?? this.#byDescriptor.get(descriptor);
      if (entry !== undefined) return entry.resolution;
    }
    return undefined;
  }

  /** `dependencies` edges of an entry (plus patch → patched entry), warning about missing targets. */
  edgesOf(entry: BerryEntry, warnings: LockfileWarning[]): BerryEdge[] {
    const meta = asRecord(entry.record.dependenciesMeta) ?? {};
    const edges: BerryEdge[] = [];
    for (const [name, value] of Object.entries(asRecord(entry.record.dependencies) ?? {})) {
      const range = asString(value) ?? '';
      const optional = asString(asRecord(meta[name])?.optional) === 'true';
      const to = this.resolve(name, range);
      if (to !== undefined) edges.push({ to, optional });
      else if (!optional)
        warnings.push({
          line: entry.line,
          message: `dependency ${name}@${range} is not in the lockfile`,
          kind: 'missing-dependency',
        });
    }
    const patched = patchSource(entry.resolution);
    const base = patched === undefined ? undefined : this.#byResolution.get(patched);
    if (base !== undefined) edges.push({ to: base.resolution, optional: false });
    return edges;
  }
}

/** `x@patch:<encoded source>#...` → the decoded source descriptor or locator. */
export function patchSource(descriptor: string): string | undefined {
  const at = descriptor.indexOf('@patch:', 1);
  if (at === -1) return undefined;
  const body = descriptor.slice(at + '@patch:'.length);
  const hash = body.indexOf('#');
  try {
    return decodeURIComponent(hash === -1 ? body : body.slice(0, hash));
  } catch {
    // A malformed escape cannot name a source; the entry is still kept, without the edge.
    return undefined;
  }
}

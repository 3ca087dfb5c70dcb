import { objectKey, secretUses, serviceAccountOf } from '@trailmark/core';
import type { ObjectRef } from '@trailmark/core';
import type { OriginMatch } from './trace-evidence.js';

/** What one part was made of: its value and the bundles it relied on. */
interface Known {
  value: unknown;
  used: readonly string[];
}

/**
 * Parts of workload incidents already made in ONE cluster view and evidence set (the pods of a
 * workload mostly run one template, so they share their Secret traces and service account): by
 * workload, origin record and exactly what the part reads of the pod spec. Values are shared by
 * the incidents that use them (read-only); the bundle ids a part relied on are added to the
 * caller's `used` each time, as making it again would.
 */
export class PartsMemo {
  readonly #known = new Map<string, Known>();
  readonly #matchIds = new WeakMap<OriginMatch, number>();
  #matches = 0;

  /** The workload's Secret traces for a pod spec, made by `make` the first time. */
  secrets<T>(
    workload: ObjectRef,
    match: OriginMatch | undefined,
    spec: Record<string, unknown> | undefined,
    used: Set<string>,
    make: (used: Set<string>) => T,
  ): T {
    let uses = '';
    if (spec !== undefined)
      for (const use of secretUses(spec))
        uses += `${use.name}\n${use.via}\n${use.container ?? '\u0000'}\n\n`;
    const what = spec === undefined ? 'none' : `spec\n${uses}`;
    return this.#get(`secrets\n${this.#subject(workload, match)}\n${what}`, used, make);
  }

  /** The workload's service account for a pod spec (name and automount setting), made once. */
  serviceAccount<T>(
    workload: ObjectRef,
    match: OriginMatch | undefined,
    spec: Record<string, unknown> | undefined,
    used: Set<string>,
    make: (used: Set<string>) => T,
  ): T {
    const setting = spec?.automountServiceAccountToken;
    const what =
      spec === undefined
        ? 'none'
        : `spec\n${serviceAccountOf(spec) ?? '\u0000'}\n${typeof setting === 'boolean' ? setting : '-'}`;
    return this.#get(`account\n${this.#subject(workload, match)}\n${what}`, used, make);
  }

  // The workload and the identity of its record (the same match object for every pod of it).
  #subject(workload: ObjectRef, match: OriginMatch | undefined): string {
    if (match === undefined) return `${objectKey(workload)}\n-`;
    let id = this.#matchIds.get(match);
    if (id === undefined) {
      id = this.#matches++;
      this.#matchIds.set(match, id);
    }
    return `${objectKey(workload)}\n${id}`;
  }

  #get<T>(key: string, used: Set<string>, make: (used: Set<string>) => T): T {
    let known = this.#known.get(key);
    if (known === undefined) {
      const own = new Set<string>();
      known = { value: make(own), used: [...own] };
      this.#known.set(key, known);
    }
    for (const id of known.used) used.add(id);
    return known.value as T;
  }
}

/** Per incident memo (one per view): its {@link PartsMemo}. */
const MEMOS = new WeakMap<object, PartsMemo>();

/** The {@link PartsMemo} kept beside an incident memo; undefined without one. */
export function partsMemoOf(memo: object | undefined): PartsMemo | undefined {
  if (memo === undefined) return undefined;
  let parts = MEMOS.get(memo);
  if (parts === undefined) {
    parts = new PartsMemo();
    MEMOS.set(memo, parts);
  }
  return parts;
}

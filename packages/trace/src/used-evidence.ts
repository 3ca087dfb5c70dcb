import type { AttestationEvidence } from '@trailmark/core';

/** A bundle as an incident lists it: everything but its predicate. */
export type PlainEvidence = Omit<AttestationEvidence, 'predicate'>;

/**
 * The bundles an incident relies on, in evidence order, without their predicates: positions by
 * id are indexed once, and each bundle's copy without its predicate is made once and shared by
 * the incidents that list it (never mutated).
 */
export class UsedEvidence {
  readonly #evidence: readonly AttestationEvidence[];
  readonly #plain: (PlainEvidence | undefined)[] = [];
  #positions: Map<string, number[]> | undefined;

  constructor(evidence: readonly AttestationEvidence[]) {
    this.#evidence = evidence;
  }

  /** The bundles whose id is in `used`, in evidence order. */
  of(used: ReadonlySet<string>): PlainEvidence[] {
    if (used.size === 0) return [];
    const positions = this.#index();
    const at: number[] = [];
    for (const id of used) for (const position of positions.get(id) ?? []) at.push(position);
    at.sort((a, b) => a - b);
    return at.map((position) => this.#plainAt(position));
  }

  #index(): Map<string, number[]> {
    if (this.#positions === undefined) {
      this.#positions = new Map();
      this.#evidence.forEach((item, position) => {
        const list = this.#positions?.get(item.id);
        if (list === undefined) this.#positions?.set(item.id, [position]);
        else list.push(position);
      });
    }
    return this.#positions;
  }

  #plainAt(position: number): PlainEvidence {
    let plain = this.#plain[position];
    const item = this.#evidence[position];
    if (plain === undefined && item !== undefined) {
      const rest: PlainEvidence & { predicate?: unknown } = { ...item };
      delete rest.predicate;
      plain = rest;
      this.#plain[position] = plain;
    }
    if (plain === undefined) throw new Error(`no bundle at position ${position}`);
    return plain;
  }
}

// One index per evidence list (the lists of a run are kept while it runs).
const INDEXES = new WeakMap<readonly AttestationEvidence[], UsedEvidence>();

/** The bundles of `evidence` whose id is in `used`, in evidence order, without predicates. */
export function usedEvidence(
  evidence: readonly AttestationEvidence[],
  used: ReadonlySet<string>,
): PlainEvidence[] {
  let index = INDEXES.get(evidence);
  if (index === undefined) {
    index = new UsedEvidence(evidence);
    INDEXES.set(evidence, index);
  }
  return index.of(used);
}

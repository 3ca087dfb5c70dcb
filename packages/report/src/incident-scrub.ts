import { compareCodeUnits, scrubSecrets, type Incident } from '@trailmark/core';

// The last guard before output. Trace scrubs every string it takes from an alert (a command line
// can carry a password) and never reads Secret data; the renderers scrub once more, so that a
// caller that built an incident some other way (a hand-edited JSON, a future alert format) still
// cannot put a token, key or credential URL on a terminal, in an issue or in a webhook body.

/**
 * A copy of the incident with every string passed through `scrubSecrets`, every object's keys in
 * code-unit order (`schema` first), lists kept in their order, and `predicate` left out of the
 * evidence (the incident lists bundles, not their contents; the schema closes that object).
 */
export function scrubbedIncident(incident: Incident): Incident {
  return scrubbed(incident, '') as Incident;
}

/** {@link scrubbedIncident} for any JSON value (a trace result holding incidents). */
export function scrubbed(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (Array.isArray(value)) return value.map((item: unknown) => scrubbed(item, key));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .filter(
      ([name, member]) => member !== undefined && !(key === 'evidence' && name === 'predicate'),
    )
    .sort(([a], [b]) => keyRank(a) - keyRank(b) || compareCodeUnits(a, b))
    .map(([name, member]): [string, unknown] => [
      scrubSecrets(name),
      scrubbed(member, childKey(key, name)),
    ]);
  return Object.fromEntries(entries);
}

// Arrays pass their key on to their members, so `evidence[i].predicate` is found; below a
// member of `evidence`, no key is special any more.
function childKey(parent: string, name: string): string {
  return parent === 'evidence' ? '' : name;
}

// `schema` names the document: it comes first, the rest in code-unit order.
function keyRank(name: string): number {
  return name === 'schema' ? 0 : 1;
}

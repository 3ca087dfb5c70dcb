import type { TemplateIndex } from './template.js';

/**
 * A value under `.Values`: its scalar text, `'map'` for a non-empty map or list, or undefined when
 * no values file sets it (nil in the template).
 */
export type ValuesLookup = (keys: readonly string[]) => string | undefined;

type Value = string | boolean | undefined;
type Token = string;

const UNKNOWN = Symbol('unknown');
type Result = Value | typeof UNKNOWN;

/**
 * Evaluates a simple `if` condition over `.Values` paths: `.Values.a.b`, `not`, `and`, `or`, `eq`,
 * `ne`, `empty`, parentheses, string/number/boolean literals. Anything else (functions, pipelines,
 * `.Capabilities`, variables) makes the answer undefined: unknown, never guessed.
 */
export function evaluateCondition(text: string, lookup: ValuesLookup): boolean | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const state = { tokens, at: 0 };
  const result = parseCall(state, lookup);
  if (result === UNKNOWN || state.at !== tokens.length) return undefined;
  return truthy(result);
}

/**
 * +1 when every condition around template line `line` (1-based) is known to hold, -1 when one is
 * known not to, 0 when unknown.
 */
export function branchVerdict(index: TemplateIndex, line: number, lookup: ValuesLookup): number {
  let verdict = 1;
  for (const step of index.lines[line - 1]?.branches ?? []) {
    const [block, branch] = step.split(':').map(Number);
    const conditions = index.conditions.get(block ?? -1) ?? [];
    const taken = branchTaken(conditions, branch ?? 0, lookup);
    if (taken === false) return -1;
    if (taken === undefined) verdict = 0;
  }
  return verdict;
}

function branchTaken(
  conditions: readonly string[],
  branch: number,
  lookup: ValuesLookup,
): boolean | undefined {
  let known = true;
  for (let k = 0; k < branch; k++) {
    const earlier = evaluateCondition(conditions[k] ?? '', lookup);
    if (earlier === true) return false;
    if (earlier === undefined) known = false;
  }
  const own = conditions[branch];
  const holds = own === 'else' ? true : evaluateCondition(own ?? '', lookup);
  if (holds === false) return false;
  return known && holds === true ? true : undefined;
}

function tokenize(text: string): Token[] | undefined {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|\(|\)|[^\s()]+/g) ?? [];
  return tokens.some((token) => token === '|' || token.includes(':=')) ? undefined : tokens;
}

function parseCall(state: { tokens: Token[]; at: number }, lookup: ValuesLookup): Result {
  const head = state.tokens[state.at];
  if (head === undefined) return UNKNOWN;
  if (!['not', 'and', 'or', 'eq', 'ne', 'empty'].includes(head)) return parseTerm(state, lookup);
  state.at++;
  const args: Result[] = [];
  while (state.at < state.tokens.length && state.tokens[state.at] !== ')')
    args.push(parseTerm(state, lookup));
  return apply(head, args);
}

function parseTerm(state: { tokens: Token[]; at: number }, lookup: ValuesLookup): Result {
  const token = state.tokens[state.at++] ?? '';
  if (token === '(') {
    const inner = parseCall(state, lookup);
    if (state.tokens[state.at++] !== ')') return UNKNOWN;
    return inner;
  }
  if (token.startsWith('"')) return token.slice(1, -1);
  if (token === 'true' || token === 'false') return token === 'true';
  if (/^-?\d+(\.\d+)?$/.test(token)) return token;
  const path = /^\$?\.Values((?:\.[\w-]+)*)$/.exec(token);
  if (!path) return UNKNOWN;
  return lookup((path[1] ?? '').split('.').filter((key) => key !== ''));
}

function apply(name: string, args: readonly Result[]): Result {
  if (args.includes(UNKNOWN) || args.length === 0) return UNKNOWN;
  const values = args as Value[];
  switch (name) {
    case 'not':
    case 'empty':
      return !truthy(values[0]);
    case 'and':
      return values.every(truthy);
    case 'or':
      return values.some(truthy);
    case 'eq':
      return values.slice(1).some((value) => String(value) === String(values[0]));
    case 'ne':
      return String(values[0]) !== String(values[1]);
    default:
      return UNKNOWN;
  }
}

function truthy(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  return value !== undefined && !['', 'false', '0', 'null'].includes(value);
}

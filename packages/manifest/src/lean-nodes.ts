import { Pair, Scalar, YAMLMap, YAMLSeq, isMap, isPair, isScalar, isSeq } from 'yaml';

/**
 * yaml nodes for the lean pass, made without yaml's constructors: those define their node type
 * with `Object.defineProperty`, which costs more than the whole line scan. The type tag is
 * yaml's registered symbol (`Symbol.for('yaml.node.type')`, what `isMap` & co. read); {@link
 * LEAN_NODES_WORK} checks at load that yaml still recognises these nodes, and the lean pass is
 * off otherwise.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');

function prototypeOf(base: object, type: string): object {
  const proto = Object.create(base) as Record<symbol, symbol>;
  proto[NODE_TYPE] = Symbol.for(type);
  return proto;
}

const MAP = prototypeOf(YAMLMap.prototype, 'yaml.map');
const SEQ = prototypeOf(YAMLSeq.prototype, 'yaml.seq');
const PAIR = prototypeOf(Pair.prototype, 'yaml.pair');
const SCALAR = prototypeOf(Scalar.prototype, 'yaml.scalar');

/** A block or flow mapping with its `[start, valueEnd, end]` range. */
export function leanMap(start: number, end: number, flow = false): YAMLMap {
  const node = Object.create(MAP) as YAMLMap;
  node.items = [];
  node.range = [start, end, end];
  node.flow = flow;
  return node;
}

/** A block or flow sequence. */
export function leanSeq(start: number, end: number, flow = false): YAMLSeq {
  const node = Object.create(SEQ) as YAMLSeq;
  node.items = [];
  node.range = [start, end, end];
  node.flow = flow;
  return node;
}

/** A key/value pair. */
export function leanPair(key: Scalar, value: unknown): Pair {
  const node = Object.create(PAIR) as Pair;
  node.key = key;
  node.value = value;
  return node;
}

/** A scalar with its range. */
export function leanScalar(value: unknown, start: number, end: number): Scalar {
  const node = Object.create(SCALAR) as Scalar;
  node.value = value;
  node.range = [start, end, end];
  return node;
}

/** True when yaml's own type checks and lookups accept the nodes above. */
export const LEAN_NODES_WORK = ((): boolean => {
  const map = leanMap(0, 1);
  const key = leanScalar('k', 0, 1);
  const pair = leanPair(key, leanSeq(0, 1));
  map.items.push(pair);
  return (
    isMap(map) &&
    isScalar(key) &&
    isPair(pair) &&
    isSeq(map.get('k', true)) &&
    map.getIn(['k'], true) === pair.value
  );
})();

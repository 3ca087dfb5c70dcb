import { TrailmarkError } from './error.js';

/** A JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Canonical JSON by RFC 8785 (JCS): object members sorted by the UTF-16 code units of their
 * names, no whitespace, numbers as ECMAScript `Number.prototype.toString` writes them, strings
 * escaped as `JSON.stringify` does (the RFC builds on both). Object members whose value is
 * `undefined` are dropped, as `JSON.stringify` drops them; anything else without a JSON form
 * (NaN, ±Infinity, `undefined` in an array, bigint, functions, symbols) throws
 * `CORE_NOT_JSON`. The text is built by concatenation, never through an intermediate object, so
 * integer-like names ("10" before "9") and a `__proto__` member keep their place and meaning.
 */
export function toCanonicalJson(value: unknown): string {
  return serialize(value, '$');
}

/** Compares strings by UTF-16 code units, the order JCS and `Array.prototype.sort` use. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function serialize(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // ES2015 Number.prototype.toString is JCS's number form; -0 is written 0.
      if (!Number.isFinite(value)) throw notJson(path, String(value));
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return serializeArray(value as unknown[], path);
      return serializeObject(value as Record<string, unknown>, path);
    case 'undefined':
    case 'bigint':
    case 'function':
    case 'symbol':
      throw notJson(path, typeof value);
  }
}

function serializeArray(items: readonly unknown[], path: string): string {
  return `[${items.map((item, index) => serialize(item, `${path}[${String(index)}]`)).join(',')}]`;
}

function serializeObject(object: Record<string, unknown>, path: string): string {
  // Objects with toJSON (Date, Buffer) are written as JSON.stringify would write them.
  const toJson: unknown = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return serialize(toJson.call(object) as unknown, path);
  const members: string[] = [];
  for (const name of Object.keys(object).sort(compareCodeUnits)) {
    const member = object[name];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(name)}:${serialize(member, `${path}.${name}`)}`);
  }
  return `{${members.join(',')}}`;
}

function notJson(path: string, what: string): TrailmarkError<'CORE_NOT_JSON'> {
  return new TrailmarkError(
    'CORE_NOT_JSON',
    `${path} is ${what}, which has no JSON form (RFC 8785 canonical JSON)`,
  );
}

// ajv checks a long `enum` (the SPDX licence ids: over 700) with a loop calling its deep-equal on
// every value until one matches: ~400 calls for an `MIT`, per licence of every component. When
// every allowed value is a primitive, deep-equal is `===` (NaN aside, which a Set also finds), so a
// Set lookup gives the same verdict; the error, built from the constant's array, stays the same.
import { endOfJson } from './prune-schema-constants.mjs';

const LOOP =
  /for\(const (v\d+) of (schema\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\])*)\)\{if\((func\d+)\((data\d*), \1\)\)\{(valid\d+) = true;break;\}\}/g;

/** `code` with each loop over an all-primitive enum replaced by a lookup in a Set built once. */
export function withEnumSets(code) {
  const equal = new Set(
    [...code.matchAll(/const (func\d+) = require\("ajv\/dist\/runtime\/equal"\)\.default/g)].map(
      (match) => match[1],
    ),
  );
  const sets = [];
  const body = code.replace(LOOP, (loop, _v, constant, path, func, data, valid) => {
    if (!equal.has(func)) return loop;
    const values = memberAt(constantValue(code, constant), path);
    if (
      !Array.isArray(values) ||
      values.some((value) => value !== null && typeof value === 'object')
    )
      return loop;
    const name = `__enumSet${sets.length}`;
    sets.push(`const ${name} = new Set(${constant}${path});`);
    return `${valid} = ${name}.has(${data});`;
  });
  // After every declaration: the sets are read only when a validator runs.
  return sets.length === 0 ? body : `${body}\n${sets.join('\n')}`;
}

function constantValue(code, constant) {
  const declaration = `const ${constant} = `;
  const start = code.indexOf(declaration);
  if (start === -1) throw new Error(`${constant}: no declaration in the generated code`);
  const valueStart = start + declaration.length;
  return JSON.parse(code.slice(valueStart, endOfJson(code, valueStart)));
}

function memberAt(value, path) {
  let member = value;
  for (const part of path.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g))
    member = member?.[part[1] ?? Number(part[2])];
  return member;
}

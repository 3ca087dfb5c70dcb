// ajv's standalone code declares every schema it compiled as a JSON constant
// (`const schema11 = {…};`), descriptions and all, although the validation code reads only a few
// members of a few of them (an enum's values, for the `allowedValues` of an error). For the
// CycloneDX schemas that is 40 % of the module, parsed and built on every load. This keeps, of
// each constant, exactly the members the code reads (by their literal property paths), and drops
// constants the code never reads: what the validators do and report stays the same.

const DECLARATION = /const (schema\d+) = /g;

/** `code` with every `schemaN` constant cut down to the members the rest of the code reads. */
export function pruneSchemaConstants(code) {
  const hasOwn = hasOwnNames(code);
  const declarations = [];
  for (const match of code.matchAll(DECLARATION)) {
    const start = match.index;
    const valueStart = start + match[0].length;
    const valueEnd = endOfJson(code, valueStart);
    if (code[valueEnd] !== ';') throw new Error(`${match[1]}: expected ';' after its JSON value`);
    declarations.push({ name: match[1], start, valueStart, valueEnd });
  }
  let out = '';
  let at = 0;
  for (const declaration of declarations) {
    const { name, start, valueStart, valueEnd } = declaration;
    out += code.slice(at, start);
    const paths = referencedPaths(code, name, start, valueEnd + 1, hasOwn);
    const value = JSON.parse(code.slice(valueStart, valueEnd));
    if (paths.some((path) => path.length === 0 && !path.keysOnly))
      out += code.slice(start, valueEnd + 1);
    else if (paths.length > 0)
      out += `const ${name} = ${JSON.stringify(pick(value, paths, name))};`;
    at = valueEnd + 1;
  }
  return out + code.slice(at);
}

/** The names the code gives `Object.prototype.hasOwnProperty` (`const func2 = …`). */
function hasOwnNames(code) {
  return new Set(
    [...code.matchAll(/const (func\d+) = Object\.prototype\.hasOwnProperty\b/g)].map((m) => m[1]),
  );
}

/** Every property path (`a.b[0].c` as ['a','b',0,'c']) by which `name` is read outside its declaration. */
function referencedPaths(code, name, declarationStart, declarationEnd, hasOwn) {
  const reference = new RegExp(`\\b${name}(?![\\w$])((?:\\.[A-Za-z_$][\\w$]*|\\[\\d+\\])*)`, 'g');
  const paths = [];
  for (const match of code.matchAll(reference)) {
    if (match.index >= declarationStart && match.index < declarationEnd) continue;
    // A computed member (`schemaN.x[key]`) reads anything under x: the path stops there, x is kept whole.
    const path = [...match[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((part) =>
      part[1] === undefined ? Number(part[2]) : part[1],
    );
    // `hasOwnProperty.call(schemaN.x, key)` (additionalProperties) reads only x's keys.
    const before = code.slice(Math.max(0, match.index - 16), match.index);
    const call = /(func\d+)\.call\($/.exec(before);
    paths.push(
      call !== null && hasOwn.has(call[1]) ? Object.assign(path, { keysOnly: true }) : path,
    );
  }
  return paths;
}

/** A copy of `value` holding only the members at `paths` (arrays keep their length, null elsewhere). */
function pick(value, paths, name) {
  const picked = emptyLike(value);
  // Keys first: a member read in full (below) then replaces its placeholder.
  for (const path of paths.filter((p) => p.keysOnly)) {
    let source = value;
    let target = picked;
    for (const key of path) {
      target[key] ??= emptyLike(source[key]);
      source = source[key];
      target = target[key];
    }
    for (const key of Object.keys(source)) target[key] ??= placeholder(source[key]);
  }
  for (const path of paths.filter((p) => !p.keysOnly)) {
    let source = value;
    let target = picked;
    path.forEach((key, i) => {
      if (source === null || typeof source !== 'object' || !Object.hasOwn(source, key))
        throw new Error(`${name}: the code reads ${path.join('.')}, which the schema lacks`);
      if (i === path.length - 1) target[key] = structuredClone(source[key]);
      else target[key] ??= emptyLike(source[key]);
      source = source[key];
      target = target[key];
    });
  }
  return picked;
}

/** Stands in for a member whose presence alone is read. */
function placeholder(value) {
  return value !== null && typeof value === 'object' ? emptyLike(value) : value;
}

function emptyLike(value) {
  return Array.isArray(value) ? Array.from({ length: value.length }, () => null) : {};
}

/** The index just past the JSON value (object or array) starting at `start`. */
export function endOfJson(text, start) {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error('unterminated JSON constant in the generated code');
}

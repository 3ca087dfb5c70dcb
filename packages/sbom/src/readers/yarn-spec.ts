/** A yarn descriptor `name@range` split; `realName` follows `npm:` aliases (`a@npm:b@^1` → `b`). */
export interface YarnSpec {
  name: string;
  range: string;
  realName: string;
}

/** Splits a yarn descriptor (`@scope/name@^1.0.0`, `alias@npm:real@^1`). */
export function splitYarnSpec(spec: string): YarnSpec {
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const range = at === -1 ? '' : spec.slice(at + 1);
  if (!range.startsWith('npm:')) return { name, range, realName: name };
  const inner = range.slice('npm:'.length);
  const innerAt = inner.indexOf('@', 1);
  // `npm:^1.0.0` (berry's plain ranges) names no other package; `npm:real@^1` is an alias.
  const aliased = innerAt !== -1 && !/^[\^~<>=*\d]/.test(inner);
  return { name, range, realName: aliased ? inner.slice(0, innerAt) : name };
}

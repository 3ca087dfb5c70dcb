import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';

// issue 9 item 3: `foreignCause` (packages/core/src/foreign-cause.ts) is the ONLY way a cause is
// attached to an error. TrailmarkErrorOptions admits nothing else at compile time; this check
// also catches what the compiler cannot see: `new Error(…, { cause })`, shorthand `{ cause }`,
// and causes laundered through plain objects.
const ROOTS = [
  ...readdirSync(join(REPO_ROOT, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(REPO_ROOT, 'packages', entry.name, 'src')),
  join(REPO_ROOT, 'action', 'src'),
];
// The function itself and the error base that declares the option.
const ALLOWED = new Set(['packages/core/src/foreign-cause.ts', 'packages/core/src/error.ts']);

function sources(): string[] {
  return ROOTS.flatMap((root) => {
    try {
      return readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.ts'))
        .map((name) => join(root, name));
    } catch {
      return []; // a package without src/ (none today)
    }
  });
}

/** `file:line: text` of every cause attached without `foreignCause(…)`. */
export function looseCauses(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, index) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*(\*|\/\*\*)/.test(line)) return; // TSDoc
    const property = /(?<![.\w])cause\s*:(?!\s*foreignCause\()/.exec(code);
    const typeOnly =
      /\bcause\??\s*:\s*(unknown|undefined|TrailmarkError|ForeignCause|Error)\b/.test(code);
    const shorthand = /(?<!\$)\{\s*cause\s*[,}]|,\s*cause\s*\}/.test(code);
    if ((property && !typeOnly) || shorthand) out.push(`${file}:${index + 1}: ${line.trim()}`);
  });
  return out;
}

describe('one secret-safe error path', () => {
  it('every cause in packages/*/src and action/src goes through foreignCause()', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(100);
    const loose = files.flatMap((path) => {
      const file = relative(REPO_ROOT, path);
      return ALLOWED.has(file) ? [] : looseCauses(file, readFileSync(path, 'utf8'));
    });
    expect(loose).toEqual([]);
  });

  it('the check sees the loose forms (so it can fail)', () => {
    const bad = [
      "throw new Error('x', { cause });",
      'throw new GitError(code, message, { cause: err });',
      '  cause: error,',
      "new TrailmarkError('X', 'm', { location, cause })",
    ].join('\n');
    expect(looseCauses('bad.ts', bad)).toHaveLength(4);
    const good = [
      '{ cause: foreignCause(err) }',
      'function f(cause?: unknown) {}',
      '// { cause: err } in a comment',
    ].join('\n');
    expect(looseCauses('good.ts', good)).toEqual([]);
  });
});

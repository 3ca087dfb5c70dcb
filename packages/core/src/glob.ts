/** Options of {@link globToRegExp}. */
export interface GlobOptions {
  /** A pattern without `/` matches a name at any depth, as in .gitignore (default false: anchored). */
  matchBase?: boolean;
  /** Everything below a matching directory matches too (default false). */
  descendants?: boolean;
}

/**
 * A glob as a RegExp over `/`-separated relative paths: `**` any depth, `*`, `?` and `[…]` (with
 * `!` negation) within one segment; a leading `/` anchors explicitly.
 */
export function globToRegExp(glob: string, options: GlobOptions = {}): RegExp {
  const base = glob.replace(/^\.?\//, '');
  const pattern = options.matchBase && !glob.includes('/') ? `**/${base}` : base;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (pattern.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (pattern.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && pattern.indexOf(']', i) > i + 1) {
      const end = pattern.indexOf(']', i);
      source += `[${pattern
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else source += /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${source}${options.descendants ? '(?:/.*)?' : ''}$`);
}

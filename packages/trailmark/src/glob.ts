/**
 * A glob as a RegExp over `/`-separated relative paths: `**` any depth, `*` and `?` within one
 * segment; a pattern without `/` matches a name at any depth (like .gitignore), and by default
 * everything below a matching directory matches too.
 */
export function globToRegExp(glob: string, options: { descendants?: boolean } = {}): RegExp {
  const anchored = glob.includes('/') ? glob.replace(/^\//, '') : `**/${glob}`;
  let source = '';
  for (let i = 0; i < anchored.length; i++) {
    const c = anchored[i] ?? '';
    if (anchored.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (anchored.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${source}${options.descendants === false ? '' : '(?:/.*)?'}$`);
}

/**
 * CODEOWNERS patterns: the gitignore subset GitHub accepts, compiled to anchored RegExps.
 *
 * Semantics (github/docs `about-code-owners.md`): `*` and `?` never cross `/`; `**` spans
 * directories; a leading `/` or a slash inside the pattern anchors it to the repository root,
 * otherwise it matches at any depth; a trailing `/` matches directories only; a pattern that
 * matches a directory covers everything under it, except a final `/*` which means direct
 * children only. Patterns are case-sensitive. `!` negation, `[ ]` ranges and `\#` are rejected.
 */

/** Why a pattern is rejected, or `undefined` when GitHub would accept it. */
export function checkPattern(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return 'negation patterns are not supported';
  if (pattern.includes('\\#')) return "escaped '#' (\\#) is not supported";
  if (hasUnescapedBracket(pattern)) return 'character ranges ([ ]) are not supported';
  if (pattern.includes('***')) return `invalid pattern '${pattern}' (three consecutive asterisks)`;
  if (/(^|[^\\])(\\\\)*\\$/.test(pattern))
    return `invalid pattern '${pattern}' (trailing backslash)`;
  if (/^\/+$/.test(pattern)) return `invalid pattern '${pattern}' (matches no file)`;
  return undefined;
}

/** Compile an accepted pattern (see {@link checkPattern}) to a RegExp over repo-relative paths. */
export function compilePattern(pattern: string): RegExp {
  const segments = toSegments(pattern);
  const last = segments.length - 1;
  // A separator precedes every segment except the first and the one after a leading `**`.
  const source = segments
    .map((segment, i) =>
      segmentSource(segment, i, last, i > 1 || (i === 1 && segments[0] !== '**')),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

// Split into segments, making "any depth" and "directory only" explicit as `**` segments.
function toSegments(pattern: string): string[] {
  const segments = pattern.split('/');
  const rooted = segments[0] === '';
  if (rooted) segments.shift();
  const single = segments.length === 1 || (segments.length === 2 && segments[1] === '');
  if (!rooted && single && segments[0] !== '**') segments.unshift('**');
  if (segments.length > 1 && segments[segments.length - 1] === '')
    segments[segments.length - 1] = '**';
  // `**/**` is the same as `**`.
  return segments.filter((segment, i) => !(segment === '**' && segments[i - 1] === '**'));
}

// One segment as regex source; `slash` says whether a separator must precede it.
function segmentSource(segment: string, i: number, last: number, slash: boolean): string {
  const sep = slash ? '/' : '';
  if (segment === '**') {
    if (i === 0) return i === last ? '.+' : '(?:.+/)?';
    return i === last ? '/.+' : '(?:/.+)?';
  }
  // A final lone `*` means direct children only; any other final segment also covers descendants.
  if (segment === '*') return `${sep}[^/]+`;
  return sep + literalSource(segment) + (i === last ? '(?:/.+)?' : '');
}

// Translate `*`, `?` and `\x` escapes of one segment; everything else is literal.
function literalSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment.charAt(i);
    if (ch === '\\') {
      i++;
      out += escapeRegExp(segment.charAt(i));
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += escapeRegExp(ch);
  }
  return out;
}

function hasUnescapedBracket(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') i++;
    else if (ch === '[' || ch === ']') return true;
  }
  return false;
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

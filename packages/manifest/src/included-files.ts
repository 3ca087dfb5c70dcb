import { joinPath } from './chart-tree.js';
import { escapeRegExp } from './template-pattern.js';
import type { TemplateIndex } from './template.js';

/** A `.Files.Get "path"` or `.Files.Glob "pattern"` in a template: it may emit a whole chart file. */
export interface IncludeSite {
  /** 1-based template line of the call. */
  line: number;
  /** The path or glob, relative to the chart directory. */
  pattern: string;
  glob: boolean;
}

const CALL = /\.Files\.(Get|Glob)\s+"([^"]+)"/g;

/**
 * The include sites of a template. `.AsConfig`/`.AsSecrets` (data inside an object) are left out;
 * other partial inclusions are told apart later by content.
 */
export function findIncludeSites(index: TemplateIndex): IncludeSite[] {
  const out: IncludeSite[] = [];
  index.lines.forEach((line, i) => {
    if (!line.text.includes('.Files.') || /\.As(Config|Secrets)\b/.test(line.text)) return;
    for (const match of line.text.matchAll(CALL)) {
      out.push({ line: i + 1, pattern: match[2] ?? '', glob: match[1] === 'Glob' });
    }
  });
  return out;
}

/** Helm's `.Files.Glob` syntax (`*` within a path segment, `**` across, `?`, `{a,b}`) as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') source += '(?:';
    else if (char === '}') source += ')';
    else if (char === ',' && source.includes('(?:')) source += '|';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

/** The directory part of a glob before its first wildcard (where a listing must look). */
export function globBase(pattern: string): string {
  const wild = pattern.search(/[*?{[]/);
  const head = wild === -1 ? pattern : pattern.slice(0, wild);
  return head.slice(0, head.lastIndexOf('/') + 1).replace(/\/$/, '');
}

/** Repo-relative files an include site names: its literal path, or the listed files its glob matches. */
export function includedPaths(
  site: IncludeSite,
  chartDir: string,
  listing: readonly string[],
): string[] {
  if (!site.glob) return [joinPath(chartDir, site.pattern)];
  const regex = globToRegExp(site.pattern);
  const prefix = chartDir === '' ? '' : `${chartDir}/`;
  return listing
    .filter((path) => path.startsWith(prefix) && regex.test(path.slice(prefix.length)))
    .sort();
}

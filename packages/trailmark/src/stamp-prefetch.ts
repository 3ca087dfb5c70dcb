import type { GitClient } from '@trailmark/git';
import { resolveHelmSource, type ChartNode } from '@trailmark/manifest';

/** A `# Source:` line, matched (sticky) at a line start the scan below found. */
const SOURCE_LINE = /#[ \t]*Source:[ \t]*(.+?)[ \t]*\r?$/my;
/** Where a line starts in the regular expression's multiline sense. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * Every `# Source:` path written in the streams, from a quick scan before they are parsed: a
 * superset of the paths the parsed hints name (the parse reads only a document's leading comments).
 * Only lines holding `Source:` are looked at (native search), each matched where its line starts.
 */
export function scanSourcePaths(texts: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const text of texts) {
    for (let at = text.indexOf('Source:'); at !== -1; at = text.indexOf('Source:', at + 1)) {
      let start = at;
      while (start > 0 && !LINE_BREAK.test(text[start - 1] ?? '')) start--;
      SOURCE_LINE.lastIndex = start;
      const match = SOURCE_LINE.exec(text);
      if (match?.[1]) paths.add(match[1]);
      // One match per line at most: go on from the line's end.
      while (at < text.length && !LINE_BREAK.test(text[at] ?? '')) at++;
    }
  }
  return paths;
}

/** Chart names the Source paths start with (`shop` in `shop/templates/x.yaml`). */
export function chartNamesOf(paths: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const path of paths) names.add(path.split('/')[0] ?? '');
  return names;
}

/**
 * Starts `git blame` of every template file the Source paths resolve to, so that the git processes
 * run while the streams are parsed (and are spawned while this process is still small). The
 * client caches each blame, so {@link readIntroducers} later takes the same result; a failure here
 * is dropped, and surfaces (or not) when the blame is asked for again.
 */
export function prefetchBlames(
  git: GitClient | undefined,
  chart: ChartNode | undefined,
  sourcePaths: Iterable<string>,
): void {
  if (!git || !chart) return;
  const files = new Set<string>();
  for (const path of sourcePaths) {
    const resolved = resolveHelmSource(path, chart);
    if (resolved.kind === 'file') files.add(resolved.path);
  }
  for (const file of [...files].sort()) git.blameFile(file).catch(() => undefined);
}

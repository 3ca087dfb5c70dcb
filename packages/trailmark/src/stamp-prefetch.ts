import type { GitClient } from '@trailmark/git';
import { resolveHelmSource, type ChartNode } from '@trailmark/manifest';

const SOURCE_LINE = /^#[ \t]*Source:[ \t]*(.+?)[ \t]*\r?$/gm;

/**
 * Every `# Source:` path written in the streams, from a quick scan before they are parsed: a
 * superset of the paths the parsed hints name (the parse reads only a document's leading comments).
 */
export function scanSourcePaths(texts: readonly string[]): Set<string> {
  const paths = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(SOURCE_LINE)) if (match[1]) paths.add(match[1]);
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

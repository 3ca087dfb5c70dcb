import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { globToRegExp } from '@trailmark/manifest';

/** Most files listed under one glob's directory: a chart's `crds/` or `dashboards/`, not a repository. */
const MAX_LISTED = 2000;

/**
 * Reads the chart files templates may include whole (`.Files.Get`, `.Files.Glob`) into `files`, and
 * returns the repo-relative paths the globs matched (locate needs them to resolve each glob).
 * Missing files are simply absent: a template may name a file that is optional.
 */
export async function readIncludedFiles(
  repoRoot: string,
  request: { paths: string[]; globs: { chartDir: string; dir: string; pattern: string }[] },
  files: Map<string, string | undefined>,
): Promise<string[]> {
  const listed: string[] = [];
  for (const glob of request.globs) {
    const regex = globToRegExp(glob.pattern);
    const prefix = glob.chartDir === '' ? '' : `${glob.chartDir}/`;
    for (const path of await listFiles(repoRoot, glob.dir))
      if (regex.test(path.slice(prefix.length))) listed.push(path);
  }
  const wanted = [...new Set([...request.paths, ...listed])].filter((path) => !files.has(path));
  await Promise.all(
    wanted.map(async (path) => {
      files.set(path, await readFile(join(repoRoot, path), 'utf8').catch(() => undefined));
    }),
  );
  return [...new Set(listed)].sort();
}

async function listFiles(repoRoot: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [dir];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    const entries = await readdir(join(repoRoot, current), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (out.length >= MAX_LISTED) return out;
      const path = current === '' ? entry.name : `${current}/${entry.name}`;
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
        queue.push(path);
      else if (entry.isFile()) out.push(path);
    }
  }
  return out;
}

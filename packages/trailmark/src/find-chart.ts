import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { GitClient } from '@trailmark/git';

/**
 * Looks for the chart being released when `--chart` is not given: a `Chart.yaml` in the repository
 * whose `name` is the chart named by the `# Source:` paths (the shallowest, if several).
 */
export async function findChartDir(
  repoRoot: string,
  git: GitClient | undefined,
  wanted: ReadonlySet<string>,
  warnings: string[],
): Promise<string | undefined> {
  const files = git ? await git.listFiles() : [];
  const charts = files
    .filter((file) => file === 'Chart.yaml' || file.endsWith('/Chart.yaml'))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
  for (const file of charts) {
    const text = await readFile(join(repoRoot, file), 'utf8').catch(() => '');
    const name = /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1];
    if (name !== undefined && wanted.has(name)) return join(repoRoot, dirname(file));
  }
  warnings.push(
    `no chart named ${[...wanted].sort().join(' or ')} found in the repository: set --chart DIR`,
  );
  return undefined;
}

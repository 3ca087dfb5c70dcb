import { relative, resolve, sep } from 'node:path';

/** Repo-relative POSIX path of an absolute path. */
export function toRepoPath(repoRoot: string, path: string): string {
  return relative(repoRoot, resolve(path)).split(sep).join('/');
}

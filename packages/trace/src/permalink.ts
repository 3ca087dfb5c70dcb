import type { SourceLocation } from '@trailmark/core';

/** Where repository web pages live, when not on github.com (GitHub Enterprise Server). */
export interface LinkOptions {
  /** Web root of the Git host, e.g. `https://github.example.com`; github.com is always known. */
  webRoot?: string;
}

const GITHUB = 'https://github.com';

/**
 * `https://HOST/OWNER/REPO/blob/COMMIT/PATH#LLINE` for a repository on github.com (or on the
 * configured web root); undefined when the repository is elsewhere or the commit is unknown.
 * `git@github.com:o/r.git` and a trailing `.git` are accepted.
 */
export function permalink(
  repository: string | undefined,
  commit: string | undefined,
  at: SourceLocation | undefined,
  links: LinkOptions = {},
): string | undefined {
  if (repository === undefined || commit === undefined || at === undefined) return undefined;
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return undefined;
  const web = repository
    .replace(/^git@github\.com:/, `${GITHUB}/`)
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const roots = [links.webRoot?.replace(/\/+$/, ''), GITHUB].filter(
    (root): root is string => root !== undefined && root !== '',
  );
  const root = roots.find((candidate) => web.startsWith(`${candidate}/`));
  if (root === undefined) return undefined;
  const [owner, repo, ...rest] = web.slice(root.length + 1).split('/');
  if (owner === undefined || repo === undefined || owner === '' || repo === '' || rest.length > 0)
    return undefined;
  const path = at.path.split('/').map(encodeURIComponent).join('/');
  return `${root}/${owner}/${repo}/blob/${commit}/${path}#L${at.line}`;
}

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
  const base = blobBase(repository, commit, links.webRoot);
  return base === undefined ? undefined : `${base}/${encodedPath(at.path)}#L${at.line}`;
}

/** Most blob bases {@link blobBase} remembers (one per repository, commit and web root). */
const KEPT_BASES = 256;
const bases = new Map<string, string | undefined>();

// `https://HOST/OWNER/REPO/blob/COMMIT`, or undefined when no permalink can be made; remembered
// (a run links many lines of few repositories and commits).
function blobBase(
  repository: string,
  commit: string,
  webRoot: string | undefined,
): string | undefined {
  const key = `${repository}\n${commit}\n${webRoot ?? ''}`;
  if (bases.has(key)) return bases.get(key);
  const base = computeBase(repository, commit, webRoot);
  if (bases.size >= KEPT_BASES) bases.clear();
  bases.set(key, base);
  return base;
}

function computeBase(
  repository: string,
  commit: string,
  webRoot: string | undefined,
): string | undefined {
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return undefined;
  const web = repository
    .replace(/^git@github\.com:/, `${GITHUB}/`)
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const roots = [webRoot?.replace(/\/+$/, ''), GITHUB].filter(
    (root): root is string => root !== undefined && root !== '',
  );
  const root = roots.find((candidate) => web.startsWith(`${candidate}/`));
  if (root === undefined) return undefined;
  const [owner, repo, ...rest] = web.slice(root.length + 1).split('/');
  if (owner === undefined || repo === undefined || owner === '' || repo === '' || rest.length > 0)
    return undefined;
  return `${root}/${owner}/${repo}/blob/${commit}`;
}

// Characters `encodeURIComponent` keeps, and `/`.
const PLAIN_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/;

// Each segment of a path percent-encoded (`/` kept).
function encodedPath(path: string): string {
  return PLAIN_PATH.test(path) ? path : path.split('/').map(encodeURIComponent).join('/');
}

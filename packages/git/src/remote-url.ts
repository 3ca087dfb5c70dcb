/** Schemes whose host serves the repository's web page over https. */
const TO_HTTPS = new Set(['ssh:', 'git+ssh:', 'ssh+git:', 'git:']);
/** Web schemes kept as written (a self-hosted forge may serve plain http). */
const WEB = new Set(['https:', 'http:']);
/** scp-like syntax: `[user@]host:path`, where the host has no `@`, `:` or `/`. */
const SCP_LIKE = /^(?:[^@/]+@)?(?<host>[^@:/]{2,}):(?!\/\/)(?<path>.+)$/;

/**
 * The web URL of a git remote: `git@github.com:acme/shop.git`, `ssh://git@github.com/acme/shop`
 * and `https://user:token@github.com/acme/shop.git` all give `https://github.com/acme/shop`.
 *
 * Pure. Credentials, query and fragment are dropped, the host is lowercased, a trailing `.git`
 * and slashes are removed, and an ssh port is dropped (it is not the web port). Local paths,
 * `file:` and unknown schemes give `undefined`.
 */
export function normaliseRemoteUrl(url: string): string | undefined {
  const parsed = parseRemote(url.trim());
  if (parsed === undefined) return undefined;
  const path = trimRepoPath(parsed.path);
  // A `@` left in the path means credentials were written unencoded (`https://to/ken@host/x`):
  // refuse rather than risk echoing part of a token.
  if (path === '' || path.includes('@')) return undefined;
  return `${parsed.origin}/${path}`;
}

interface ParsedRemote {
  /** `scheme://host[:port]`, without credentials. */
  origin: string;
  path: string;
}

function parseRemote(url: string): ParsedRemote | undefined {
  if (!url.includes('://')) return parseScpLike(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: nothing safe to return.
    return undefined;
  }
  const host = parsed.hostname.toLowerCase();
  if (host === '') return undefined;
  if (TO_HTTPS.has(parsed.protocol)) return { origin: `https://${host}`, path: parsed.pathname };
  if (!WEB.has(parsed.protocol)) return undefined;
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  return { origin: `${parsed.protocol}//${host}${port}`, path: parsed.pathname };
}

function parseScpLike(url: string): ParsedRemote | undefined {
  const groups = SCP_LIKE.exec(url)?.groups;
  if (groups?.host === undefined || groups.path === undefined) return undefined;
  return { origin: `https://${groups.host.toLowerCase()}`, path: groups.path };
}

/** Drops leading and trailing slashes and one trailing `.git`. */
function trimRepoPath(path: string): string {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed.replace(/\.git$/, '').replace(/\/+$/, '');
}

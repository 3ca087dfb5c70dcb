/**
 * Which remote's URL the facts use, read from `git remote -v`:
 * - `none`: no `origin` and not exactly one remote;
 * - `url`: the remote's first fetch URL, with `url.<base>.insteadOf` applied (what `remote get-url`
 *   prints);
 * - `ask`: the remote has no fetch URL of its own: `remote get-url` decides (it prints the name, or
 *   fails).
 */
export type RemoteChoice =
  { kind: 'none' } | { kind: 'url'; name: string; url: string } | { kind: 'ask'; name: string };

const FETCH = ' (fetch)';
const PUSH = ' (push)';
/** What follows ` (fetch)` in a partial clone: the filter. */
const FILTER = /^ \[.*\]$/s;

/**
 * `origin`, or the only remote, as `git remote` + `git remote get-url` would choose it; undefined
 * when the listing cannot be read unambiguously (a tab or newline in a name or URL, a URL that
 * contains ` (fetch)`), so the caller asks those two commands instead.
 *
 * `remote -v` prints, sorted by name, `name<TAB>url (fetch)[ [filter]]` for the first URL, then
 * `name<TAB>url (push)` per push URL, or `name<TAB>` alone for a remote without URLs.
 */
export function chooseRemote(listing: string): RemoteChoice | undefined {
  if (listing !== '' && !listing.endsWith('\n')) return undefined;
  const fetchUrls = new Map<string, string | undefined>();
  for (const line of listing.split('\n').slice(0, -1)) {
    const parts = line.split('\t');
    if (parts.length !== 2 || parts[0] === '') return undefined;
    const [name = '', rest = ''] = parts;
    const kind = lineKind(rest);
    if (kind === undefined) return undefined;
    const known = fetchUrls.get(name);
    if (kind.fetch === undefined) {
      if (!fetchUrls.has(name)) fetchUrls.set(name, undefined);
      continue;
    }
    if (known !== undefined) return undefined;
    fetchUrls.set(name, kind.fetch);
  }
  const names = [...fetchUrls.keys()];
  const name = names.includes('origin') ? 'origin' : names.length === 1 ? names[0] : undefined;
  if (name === undefined) return { kind: 'none' };
  const url = fetchUrls.get(name);
  return url === undefined ? { kind: 'ask', name } : { kind: 'url', name, url };
}

/** A line's URL when it is the fetch line; `{}` for a push or URL-less line; else undefined. */
function lineKind(rest: string): { fetch?: string } | undefined {
  const at = rest.indexOf(FETCH);
  if (at < 0) return rest === '' || rest.endsWith(PUSH) ? {} : undefined;
  if (rest.indexOf(FETCH, at + 1) >= 0 || rest.endsWith(PUSH)) return undefined;
  const tail = rest.slice(at + FETCH.length);
  return tail === '' || FILTER.test(tail) ? { fetch: rest.slice(0, at) } : undefined;
}

/** The parts of a package URL, before encoding. */
export interface PurlParts {
  type: string;
  /** `/`-separated; each segment is encoded on its own. */
  namespace?: string | undefined;
  name: string;
  version?: string | undefined;
  /** Entries with an `undefined` value are left out. */
  qualifiers?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Percent-encodes one purl component as purl-spec's "characters and encoding" section says:
 * only `A-Z a-z 0-9 . - _ ~` stay as they are, plus `:`, which is never encoded. So `+` (Go's
 * `+incompatible`, semver build metadata) becomes `%2B` and `/` inside a qualifier value `%2F`.
 */
export function encodePurlComponent(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/gi, ':');
}

/** Qualifiers as `?k=v&…`, keys sorted (canonical form), or `''` when there are none. */
function qualifierString(qualifiers: PurlParts['qualifiers']): string {
  if (qualifiers === undefined) return '';
  const pairs = Object.keys(qualifiers)
    .sort()
    .flatMap((key) => {
      const value = qualifiers[key];
      return value === undefined || value === '' ? [] : [`${key}=${encodePurlComponent(value)}`];
    });
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** Builds a canonical purl string (`pkg:type/namespace/name@version?qualifiers`). */
export function toPurl(parts: PurlParts): string {
  const namespace =
    parts.namespace === undefined || parts.namespace === ''
      ? ''
      : `${parts.namespace.split('/').map(encodePurlComponent).join('/')}/`;
  const version = parts.version === undefined ? '' : `@${encodePurlComponent(parts.version)}`;
  return `pkg:${parts.type}/${namespace}${encodePurlComponent(parts.name)}${version}${qualifierString(parts.qualifiers)}`;
}

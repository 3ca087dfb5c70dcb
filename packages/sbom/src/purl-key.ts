const LOWERCASE_NAME_TYPES = new Set([
  'npm',
  'oci',
  'pypi',
  'golang',
  'cargo',
  'github',
  'bitbucket',
]);

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    // Not valid percent-encoding: compare the text as written.
    return part;
  }
}

/**
 * A comparison key for a purl: components percent-decoded, type (and, where the purl-spec
 * type says names are case-insensitive, namespace and name) lowercased, qualifiers sorted.
 * `pkg:oci/a@sha256%3Aab` and `pkg:oci/a@sha256:ab` get the same key. Never emitted.
 */
export function purlKey(purl: string): string {
  const hash = purl.indexOf('#');
  const subpath = hash === -1 ? '' : decode(purl.slice(hash + 1)).replace(/^\/+|\/+$/g, '');
  const beforeHash = hash === -1 ? purl : purl.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const query = question === -1 ? '' : beforeHash.slice(question + 1);
  const main = (question === -1 ? beforeHash : beforeHash.slice(0, question)).replace(
    /^pkg:\/*/i,
    '',
  );
  const at = main.lastIndexOf('@');
  const path = at > main.lastIndexOf('/') ? main.slice(0, at) : main;
  const version = at > main.lastIndexOf('/') ? decode(main.slice(at + 1)) : '';
  const [type = '', ...segments] = path.split('/').filter((segment) => segment !== '');
  const lowerType = type.toLowerCase();
  const names = segments.map((segment) => decode(segment));
  const caseFolded = LOWERCASE_NAME_TYPES.has(lowerType)
    ? names.map((n) => n.toLowerCase())
    : names;
  const qualifiers = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1
        ? `${pair.toLowerCase()}=`
        : `${pair.slice(0, eq).toLowerCase()}=${decode(pair.slice(eq + 1))}`;
    })
    .sort();
  return `${lowerType}/${caseFolded.join('/')}@${version}?${qualifiers.join('&')}#${subpath}`;
}

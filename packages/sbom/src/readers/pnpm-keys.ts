/**
 * The three layouts pnpm has written: `v5` (lockfileVersion 5.x: `/name/version_peers` keys,
 * `specifiers` maps), `v6` (6.x: `/name@version(peers)` keys, inline `specifier`/`version`),
 * `v9` (7.0 and 9.0: `name@version` keys in `packages`, peer variants in `snapshots`).
 */
export type PnpmLayout = 'v5' | 'v6' | 'v9';

/** A pnpm package id split into its parts. */
export interface PnpmPackageId {
  name: string;
  /** Absent when the id carries no version (tarball ids such as `github.com/o/r/sha`). */
  version: string | undefined;
  /** The id without its peer suffix (`(react@18.2.0)…` from 6.0 on, `_react@18.2.0` in 5.x). */
  base: string;
}

/**
 * Splits `@scope/name@1.0.0(peer@2.0.0)` (v9), `/@scope/name@1.0.0(peer@2.0.0)` (v6) or
 * `/@scope/name/1.0.0_peer@2.0.0` (v5) into name, version and the id without the peer suffix.
 */
export function splitPackageId(id: string, layout: PnpmLayout = 'v9'): PnpmPackageId {
  if (layout === 'v5') return splitV5PackageId(id);
  const paren = id.indexOf('(');
  const base = paren === -1 ? id : id.slice(0, paren);
  const bare = base.startsWith('/') ? base.slice(1) : base;
  const at = bare.indexOf('@', 1);
  if (at === -1) return { name: bare, version: undefined, base };
  return { name: bare.slice(0, at), version: bare.slice(at + 1), base };
}

/** v5: `/name/version`, `/@scope/name/version`; a peer suffix follows the version's first `_`. */
function splitV5PackageId(id: string): PnpmPackageId {
  if (!id.startsWith('/')) return { name: id, version: undefined, base: id };
  const parts = id.slice(1).split('/');
  const nameParts = parts[0]?.startsWith('@') === true ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  const rest = parts.slice(nameParts).join('/');
  const underscore = rest.indexOf('_');
  const version = underscore === -1 ? rest : rest.slice(0, underscore);
  const base = `/${name}/${version}`;
  return { name, version: version === '' ? undefined : version, base };
}

/**
 * The `packages`/`snapshots` id a dependency reference points at (pnpm's `refToRelative`), or
 * undefined for `link:` references, which point at importers. v5 and v6 ids start with `/`.
 */
export function referenceToId(
  name: string,
  reference: string,
  layout: PnpmLayout,
): string | undefined {
  if (reference.startsWith('link:')) return undefined;
  if (layout === 'v5') return v5ReferenceToId(name, reference);
  if (layout === 'v6') return v6ReferenceToId(name, reference);
  if (reference.startsWith('@')) return reference;
  const at = reference.indexOf('@');
  if (at === -1) return `${name}@${reference}`;
  const colon = reference.indexOf(':');
  const paren = reference.indexOf('(');
  const aliasLike = (colon === -1 || at < colon) && (paren === -1 || at < paren);
  return aliasLike ? reference : `${name}@${reference}`;
}

function v5ReferenceToId(name: string, reference: string): string {
  if (reference.startsWith('file:') || reference.includes('/')) return reference;
  return `/${name}/${reference}`;
}

function v6ReferenceToId(name: string, reference: string): string {
  if (reference.startsWith('file:')) return reference;
  const paren = reference.indexOf('(');
  const slash = paren === -1 ? reference.indexOf('/') : reference.lastIndexOf('/', paren);
  return slash === -1 ? `/${name}@${reference}` : reference;
}
